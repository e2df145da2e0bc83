eval "$(/opt/homebrew/bin/brew shellenv)"
autoload -Uz add-zsh-hook
_go_hook() { export GOFLAGS=-set-by-a-prompt-hook }
add-zsh-hook precmd _go_hook
precmd() { export GOPROXY=off }
export GOPATH=$HOME/go
