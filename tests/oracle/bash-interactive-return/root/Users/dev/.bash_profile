[[ -s ~/.bashrc ]] && source ~/.bashrc
