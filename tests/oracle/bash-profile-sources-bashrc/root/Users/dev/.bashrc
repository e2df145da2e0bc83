eval "$(/opt/homebrew/bin/brew shellenv)"
export GOPATH=$HOME/go
export PATH=$PATH:$GOPATH/bin
