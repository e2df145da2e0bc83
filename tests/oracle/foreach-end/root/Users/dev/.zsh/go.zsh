export GOPATH=$HOME/gowork
path=($GOPATH/bin $path)
