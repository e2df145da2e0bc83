# tools first, for login shells
export PATH="$HOME/go/bin:$PATH"
