setopt null_glob
for f in ~/.zsh.d/*.zsh ~/.zsh.d/*.local; do
  source $f
done
unsetopt null_glob
