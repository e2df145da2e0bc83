setopt extended_glob no_beep
unsetopt correct
alias -g G='| grep'
alias ll='ls -la'
bindkey -e
zstyle ':completion:*' menu select
autoload -Uz colors && colors
eval "$(/opt/homebrew/bin/brew shellenv)"
export GOPATH=$HOME/go GOBIN=$HOME/go/bin
path+=($GOBIN)
