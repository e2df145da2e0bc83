source ~/.config/zsh/main.zsh
