eval "$(/opt/homebrew/bin/brew shellenv)"
declare -x GOPATH="$HOME/go"
typeset -x GOBIN="$GOPATH/bin"
source <(echo 'export GOPRIVATE=github.com/acme/*')
export PATH="$GOBIN:$PATH"
