# mise: shims for every shell (mise activate zsh --shims does the same)
export PATH="$HOME/.local/share/mise/shims:$PATH"
