# Go
export GOPATH=/usr/local/go
export PATH="$PATH:$HOME/go/bin"
