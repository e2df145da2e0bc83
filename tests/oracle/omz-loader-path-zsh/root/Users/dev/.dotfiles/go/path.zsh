export GOPATH=$HOME/code/go
export PATH="$GOPATH/bin:$PATH"
