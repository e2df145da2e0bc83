export GOPATH=$HOME/.cache/go-path
export GOMODCACHE=$HOME/.cache/go-mod
path+=($GOPATH/bin)
