eval "$(/opt/homebrew/bin/brew shellenv)"
() {
  local d
  for d in "$@"; do
    [[ -d $d ]] && path=($d $path)
  done
} /opt/homebrew/opt/go/libexec/bin $HOME/go/bin $HOME/nope/bin
export GOPATH=$HOME/go
