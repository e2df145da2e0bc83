[[ -z $GOROOT ]] && export GOROOT=/usr/local/go
(( ${+GOPATH} )) || export GOPATH=$HOME/go
