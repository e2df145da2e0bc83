eval "$(/opt/homebrew/bin/brew shellenv)"
eval "$(/opt/homebrew/bin/mise activate zsh)"
export GOBIN=$HOME/.local/share/go/bin
export PATH=$GOBIN:$PATH
