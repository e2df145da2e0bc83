eval "$(/opt/homebrew/bin/brew shellenv)"
export PATH=$HOME/bin:$PATH
# a tool NativeGo cannot run decides GOROOT
export GOROOT="$(sdk-root go)"
