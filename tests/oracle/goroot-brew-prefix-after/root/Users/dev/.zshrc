export GOROOT="$(brew --prefix golang)/libexec"
export PATH="$GOROOT/bin:$PATH"
