# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

# needed for the docker image build
export GOARCH=amd64
