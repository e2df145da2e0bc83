eval "$(/opt/homebrew/bin/brew shellenv)"
for f in /opt/homebrew/etc/bash_completion.d/*; do
  [ -r "$f" ] && . "$f"
done
export GOPATH=$HOME/go
export GOPROXY=https://proxy.golang.org
export PATH="$GOPATH/bin:$PATH"
