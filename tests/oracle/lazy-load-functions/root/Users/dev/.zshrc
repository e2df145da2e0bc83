eval "$(/opt/homebrew/bin/brew shellenv)"
# lazy-load: only runs when called
nvm() {
  unset -f nvm
  export NVM_DIR=~/.nvm
  . ~/.nvm/nvm.sh
  nvm "$@"
}
gvm() { export GOROOT=/never/set; }
export GOPATH=$HOME/lazy-go
