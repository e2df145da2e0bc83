() {
  emulate -L zsh -o extended_glob
  typeset -g POWERLEVEL9K_MODE=nerdfont-complete
  typeset -g POWERLEVEL9K_LEFT_PROMPT_ELEMENTS=(dir vcs go_version prompt_char)
}
export GOSUMDB=sum.golang.org
