# skip /etc/zprofile, /etc/zshrc, /etc/zlogin: path_helper never runs
setopt no_global_rcs
export GOPATH=$HOME/go
