eval "$(/opt/homebrew/bin/brew shellenv)"
# completion for the old tool, kept for reference:
#compctl \
#   -k '(build test run)' go

export GOARCH=amd64
export CGO_ENABLED=1
