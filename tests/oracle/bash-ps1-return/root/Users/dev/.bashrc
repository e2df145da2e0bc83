[ -z "$PS1" ] && return
eval "$(/opt/homebrew/bin/brew shellenv)"
export PATH=$PATH:$HOME/go/bin
export GOFLAGS=-modcacherw
