export GOPATH=$HOME/go
[[ -f ~/.bashrc ]] && source ~/.bashrc
