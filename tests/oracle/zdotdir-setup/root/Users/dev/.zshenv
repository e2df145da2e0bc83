export ZDOTDIR="$HOME/.config/zsh"
