export GOBIN=$HOME/.local/bin
export GOSUMDB=sum.golang.org
