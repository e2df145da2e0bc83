# café crème -- written by an old Latin-1 editor
export PATH="$PATH:$(go env GOPATH)/bin"

alias ll='ls -lah
export EDITOR=vim
export GOFLAGS=-mod=mod
