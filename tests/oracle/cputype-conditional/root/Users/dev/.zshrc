eval "$(/opt/homebrew/bin/brew shellenv)"
if [[ $CPUTYPE == arm64 ]]; then
  export GOROOT=/opt/homebrew/opt/go/libexec
else
  export GOROOT=/usr/local/opt/go/libexec
fi
[[ $MACHTYPE == x86_64 ]] && export GOARCH=amd64
