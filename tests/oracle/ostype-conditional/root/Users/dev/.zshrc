case "$OSTYPE" in
  darwin*) export GOPATH=$HOME/Developer/go ;;
  linux*)  export GOPATH=$HOME/go ;;
esac
[[ $OSTYPE == darwin* ]] && path=(/opt/homebrew/bin $path)
[[ "$OSTYPE" = linux-gnu ]] && export GOROOT=/usr/lib/go
