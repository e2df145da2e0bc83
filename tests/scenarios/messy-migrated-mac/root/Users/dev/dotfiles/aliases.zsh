# shared aliases
alias dc='docker compose'
alias tf=terraform
export EDITOR=nvim
