export GOPATH=$HOME/golang
export PATH=$PATH:$GOPATH/bin
export GOTOOLCHAIN=local
