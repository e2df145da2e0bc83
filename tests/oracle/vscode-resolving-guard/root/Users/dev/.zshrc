eval "$(/opt/homebrew/bin/brew shellenv)"
export GOPATH=$HOME/go
# editors resolving the environment do not need the rest
if [[ -n "$VSCODE_RESOLVING_ENVIRONMENT" ]]; then
  return
fi
[[ $- != *i* ]] && return
export GOBIN=$HOME/go/bin
export PATH=$GOBIN:$PATH
