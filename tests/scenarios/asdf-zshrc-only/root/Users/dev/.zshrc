# asdf
export PATH="$HOME/.asdf/shims:$PATH"

# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"
