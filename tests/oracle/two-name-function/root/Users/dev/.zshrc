eval "$(/opt/homebrew/bin/brew shellenv)"
# one body, two names
gco gcb () {
  git checkout "$@"
}
export GOBIN=$HOME/.gobin
path=($GOBIN $path)
