eval "$(/opt/homebrew/bin/brew shellenv)"
true &|
export GOTOOLCHAIN=local
export GOPROXY=direct
