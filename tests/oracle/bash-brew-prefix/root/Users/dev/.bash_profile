eval "$(/opt/homebrew/bin/brew shellenv)"
export GOROOT="$(brew --prefix go)/libexec"
export PATH="$(brew --prefix)/opt/go/libexec/bin:$PATH"
