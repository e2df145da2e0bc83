# If not running interactively, don't do anything
case $- in
    *i*) ;;
      *) return;;
esac
PROMPT_COMMAND='history -a'
HISTCONTROL=ignoreboth
eval "$(/opt/homebrew/bin/brew shellenv)"
export GOPATH=$HOME/go
export GO111MODULE=auto
export PATH="$PATH:$GOPATH/bin"
