export GOPATH=$HOME/.go
path=($GOPATH/bin $path)
