eval "$(/opt/homebrew/bin/brew shellenv)"
: ${GOPATH:=$HOME/go}
export GOPATH
export GOBIN=${GOBIN:-$GOPATH/bin}
export GOPROXY="${GOPROXY:-https://proxy.golang.org},direct"
path=(${GOBIN} ${path:#${GOBIN}})
