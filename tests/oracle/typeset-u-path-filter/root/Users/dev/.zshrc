eval "$(/opt/homebrew/bin/brew shellenv)"
typeset -U path PATH
path=($HOME/go/bin /opt/homebrew/bin $path)
# drop /usr/local/bin: nothing there on this Mac
path=(${path:#/usr/local/bin})
export PATH
