# zsh's short for loop: no do/done
for f ($HOME/.zsh/*.zsh) source $f
for d (/opt/homebrew/opt/go/bin $HOME/.local/bin) [[ -d $d ]] && path+=($d)
