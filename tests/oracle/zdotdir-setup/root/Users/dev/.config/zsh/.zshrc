export GOPATH="$HOME/.local/share/go"
path=($GOPATH/bin $path)
