# set in .zshenv: /etc/zprofile's path_helper then moves these behind the system folders
export GOPATH=$HOME/go
export PATH=$GOPATH/bin:/opt/homebrew/bin:$PATH
