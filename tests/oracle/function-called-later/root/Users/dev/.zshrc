setup_go() {
  export GOROOT="/opt/homebrew/opt/go/libexec"
  path=($GOROOT/bin $path)
}
setup_brew() { eval "$(/opt/homebrew/bin/brew shellenv)" }
setup_brew
[[ -d /opt/homebrew/opt/go ]] && setup_go
