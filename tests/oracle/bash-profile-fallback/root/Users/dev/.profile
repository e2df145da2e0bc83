export PATH="/usr/local/go/bin:$PATH"
export GOPATH="$HOME/gopath"
