eval "$(/opt/homebrew/bin/brew shellenv)"
eval "$(direnv hook zsh)"
export GOFLAGS="-trimpath -buildvcs=false"
