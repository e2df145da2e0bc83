# every topic folder may have a path.zsh
for f in $HOME/.dotfiles/*/path.zsh; do
  source $f
done
for f in $HOME/.dotfiles/*/aliases.zsh; do source $f; done
