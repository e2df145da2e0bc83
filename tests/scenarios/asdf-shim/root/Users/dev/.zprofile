# asdf (0.16+)
export PATH="${ASDF_DATA_DIR:-$HOME/.asdf}/shims:$PATH"
