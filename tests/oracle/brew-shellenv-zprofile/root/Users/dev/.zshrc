export GOPATH=$HOME/go
export PATH="$PATH:$GOPATH/bin"
