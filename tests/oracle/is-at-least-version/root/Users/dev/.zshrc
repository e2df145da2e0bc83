eval "$(/opt/homebrew/bin/brew shellenv)"
autoload -Uz is-at-least
if is-at-least 5.8; then
  export GOFLAGS=-mod=readonly
fi
export GOTOOLCHAIN=auto
