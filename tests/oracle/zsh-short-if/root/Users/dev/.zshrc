if [[ -d /opt/homebrew ]] { eval "$(/opt/homebrew/bin/brew shellenv)" }
if [[ -d ~/go ]] {
  export GOPATH=~/go
} else {
  export GOPATH=~/gopath
}
[[ -d $GOPATH/bin ]] && { path=($GOPATH/bin $path); export GOBIN=$GOPATH/bin }
