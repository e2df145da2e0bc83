path=(/opt/homebrew/bin $GOPATH/bin $path)
