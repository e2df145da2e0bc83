eval "$(/opt/homebrew/bin/brew shellenv)"
GOPATH="$HOME/go"; export GOPATH
PATH="$GOPATH/bin:$PATH"; export PATH
