if [ "$(arch)" = "arm64" ]; then
  eval "$(/opt/homebrew/bin/brew shellenv)"
  export GOPATH=$HOME/go-arm64
else
  export GOPATH=$HOME/go-intel
fi
export PATH=$GOPATH/bin:$PATH
