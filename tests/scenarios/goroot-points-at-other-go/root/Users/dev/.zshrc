# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

# from the go.dev install instructions, years ago
export GOROOT=/usr/local/go
