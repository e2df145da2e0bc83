export PATH=$GOROOT/bin:$GOPATH/bin:$PATH
