export GOPATH="$HOME/Projects/go"
export PATH="$PATH:$GOPATH/bin"
