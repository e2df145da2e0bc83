export GOROOT=/usr/local/go
