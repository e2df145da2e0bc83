if [[ -d /opt/homebrew ]]; then eval "$(/opt/homebrew/bin/brew shellenv)"; fi
if true; then if false; then :; fi; export GOBIN=$HOME/bin; fi
if [[ -d ~/nope ]]
then
  export GOPATH=/wrong
elif [[ -d ~/go ]]
then
  export GOPATH=~/go
fi
