eval "$(/opt/homebrew/bin/brew shellenv)"
export GOPATH=$HOME/go:$HOME/work
export PATH=$PATH:${GOPATH//://bin:}/bin
