load_dir() {
  local DIR=$1
  local f
  for f in $DIR/*.bash; do
    source $f
  done
}
load_dir "$HOME/.bash.d"
