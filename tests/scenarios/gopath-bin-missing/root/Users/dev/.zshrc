# copied from a Go tutorial
export PATH=$PATH:/usr/local/go/bin

alias gs='git status'
export EDITOR=vim
