eval "$(/opt/homebrew/bin/brew shellenv)"
# rebuild the completion dump once a day
if [[ -n ${ZDOTDIR:-$HOME}/.zcompdump(#qN.mh+24) ]]; then
  echo stale >/dev/null
else
  echo fresh >/dev/null
fi
export GOPATH=$HOME/gocode
path+=$GOPATH/bin
