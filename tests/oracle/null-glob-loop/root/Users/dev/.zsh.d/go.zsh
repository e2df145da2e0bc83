export GOPATH=$HOME/go
export GOTOOLCHAIN=local
