export PATH="$PATH:$(go env GOPATH)/bin"
export GOPATH="$(go env GOPATH)"
