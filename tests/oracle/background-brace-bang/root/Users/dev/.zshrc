eval "$(/opt/homebrew/bin/brew shellenv)"
{
  zcompdump="${ZDOTDIR:-$HOME}/.zcompdump"
  if [[ -s "$zcompdump" && (! -s "${zcompdump}.zwc" || "$zcompdump" -nt "${zcompdump}.zwc") ]]; then
    zcompile "$zcompdump"
  fi
} &!
export GOPATH=$HOME/workspace/go
export PATH=$PATH:$GOPATH/bin
