export GOPATH="$HOME/src/go"
export PATH="$GOPATH/bin:$PATH"
