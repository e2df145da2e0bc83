# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

# Go from Homebrew (added when 1.26 was current)
export GOROOT=/opt/homebrew/Cellar/go/1.26.4/libexec
