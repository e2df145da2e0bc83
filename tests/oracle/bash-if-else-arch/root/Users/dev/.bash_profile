if [[ "$(uname -m)" == "arm64" ]]; then
  eval "$(/opt/homebrew/bin/brew shellenv)"
  export GOARCH=arm64
else
  eval "$(/usr/local/bin/brew shellenv)"
fi
[[ $OSTYPE == darwin* ]] && export GOOS=darwin
