eval "$(/opt/homebrew/bin/brew shellenv)"
pathadd() {
  if [ -d "$1" ] && [[ ":$PATH:" != *":$1:"* ]]; then
    PATH="${PATH:+"$PATH:"}$1"
  fi
}
pathadd /usr/local/go/bin
pathadd /opt/homebrew/bin
pathadd $HOME/nonexistent/bin
export GOROOT=/usr/local/go
