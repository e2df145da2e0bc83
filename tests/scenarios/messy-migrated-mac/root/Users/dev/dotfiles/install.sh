#!/bin/sh
# Links the dotfiles into $HOME.
ln -sf "$HOME/dotfiles/zshrc" "$HOME/.zshrc"
