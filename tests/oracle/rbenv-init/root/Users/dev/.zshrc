eval "$(/opt/homebrew/bin/brew shellenv)"
eval "$(rbenv init - zsh)"
export GOPATH=$HOME/go
export GOBIN=$GOPATH/bin
path=($GOBIN $path)
