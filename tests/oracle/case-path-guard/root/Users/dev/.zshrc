# add a folder to PATH once: quoted parts of a case pattern match literally
path_add() {
  case ":$PATH:" in
    *":$1:"*) ;;
    *) PATH="$1:$PATH" ;;
  esac
}
path_add "$HOME/go/bin"
path_add /opt/homebrew/bin
case "$PATH" in
  '*'*) export GOFLAGS=-mod=mod ;;
  *"/go/bin:"*) export GOPROXY=direct ;;
esac
export PATH
