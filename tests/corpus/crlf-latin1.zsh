# saved on Windows, café in Latin-1
export GOPATH=$HOME/go
export PATH=$PATH:$GOPATH/bin
alias ll='ls -l'
