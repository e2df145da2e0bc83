# Go: tools installed with `go install`
export PATH="$PATH:$(go env GOPATH)/bin"

# sum.golang.org was blocked on the office network once
export GOSUMDB=off
