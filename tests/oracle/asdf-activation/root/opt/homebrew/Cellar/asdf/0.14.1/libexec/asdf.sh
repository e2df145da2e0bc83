# stand-in for asdf.sh: shims first on PATH
ASDF_DIR="${ASDF_DIR:-/opt/homebrew/opt/asdf/libexec}"
_asdf_shims="${ASDF_DATA_DIR:-$HOME/.asdf}/shims"
case ":$PATH:" in
*":$_asdf_shims:"*) ;;
*) PATH="$_asdf_shims:$PATH" ;;
esac
export PATH
unset _asdf_shims
asdf() { command asdf "$@"; }
