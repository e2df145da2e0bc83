# brew is not on PATH yet when .zshenv runs
export GOROOT="$(brew --prefix golang)/libexec"
