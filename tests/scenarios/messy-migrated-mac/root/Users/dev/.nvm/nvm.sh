# Scenario stand-in for nvm.sh (the real one is ~4,000 lines); defines functions only.
nvm() {
  echo "nvm: scenario stand-in" >&2
  return 1
}
nvm_version() {
  echo "none"
}
