export GOPATH=$HOME/plugins-go
export PATH=$GOPATH/bin:$PATH
