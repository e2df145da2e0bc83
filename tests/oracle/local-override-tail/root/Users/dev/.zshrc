eval "$(/opt/homebrew/bin/brew shellenv)"
export GOPATH=$HOME/go
export GOPROXY=https://proxy.golang.org,direct
# machine-specific settings, not in the dotfiles repo
[[ -f ~/.zshrc.local ]] && source ~/.zshrc.local
