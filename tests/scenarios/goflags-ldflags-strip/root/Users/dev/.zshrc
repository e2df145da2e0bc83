# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

# smaller binaries, everywhere
export GOFLAGS="-ldflags=-s -w"
