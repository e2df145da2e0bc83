export GOPATH="${GOPATH:-$HOME/go}"
path=("$GOPATH/bin" $path)
