# a tiny zinit/antigen-style plugin loader
plugin_load() {
  local p
  for p in "$@"; do
    source "$HOME/.zplugins/$p/$p.plugin.zsh"
  done
}
plugin_load brew golang
