# files next to this one
here=${${(%):-%x}:A:h}
source $here/brew.zsh
source $here/go.zsh
unset here
