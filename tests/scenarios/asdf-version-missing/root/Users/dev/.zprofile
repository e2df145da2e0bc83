export PATH="$HOME/.asdf/shims:$PATH"
