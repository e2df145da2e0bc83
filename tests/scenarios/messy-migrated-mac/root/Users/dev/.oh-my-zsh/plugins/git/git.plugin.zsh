alias g='git'
alias gst='git status'
alias gco='git checkout'
