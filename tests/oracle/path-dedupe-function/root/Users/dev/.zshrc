eval "$(/opt/homebrew/bin/brew shellenv)"
prepend_path() {
  path=($1 ${path:#$1})
}
prepend_path /usr/local/go/bin
prepend_path $HOME/go/bin
prepend_path /usr/local/go/bin
export GOROOT=/usr/local/go
