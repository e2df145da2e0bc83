# csh-style foreach ... end
sources=($HOME/.zsh/brew.zsh $HOME/.zsh/go.zsh $HOME/.zsh/missing.zsh)
foreach file (`echo $sources`)
    if [[ -a $file ]]; then
        source $file
    fi
end
