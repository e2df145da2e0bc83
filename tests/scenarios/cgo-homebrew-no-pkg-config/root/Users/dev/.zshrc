# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"
