# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

# pinned to Go 1.26 for work
export PATH="/opt/homebrew/opt/go@1.26/bin:$PATH"
