source <(/opt/homebrew/bin/brew shellenv)
. <(echo 'export GOPRIVATE=github.com/acme/*')
export GOPATH=$HOME/work/go
