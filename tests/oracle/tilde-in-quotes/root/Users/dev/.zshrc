eval "$(/opt/homebrew/bin/brew shellenv)"
# a classic: the tilde is not expanded inside quotes
export GOPATH="~/go"
export PATH="$PATH:~/go/bin"
export GOBIN=~/go/bin
