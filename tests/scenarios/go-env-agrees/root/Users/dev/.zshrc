# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

export GOPROXY=https://proxy.golang.org,direct
export GOFLAGS=-buildvcs=false
