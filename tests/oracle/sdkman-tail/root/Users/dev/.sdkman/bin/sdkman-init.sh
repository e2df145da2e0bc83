# stand-in for sdkman-init.sh
export SDKMAN_CANDIDATES_DIR="$SDKMAN_DIR/candidates"
for candidate_dir in "$SDKMAN_CANDIDATES_DIR"/*; do
  [[ -d "$candidate_dir/current/bin" ]] && PATH="$candidate_dir/current/bin:$PATH"
done
unset candidate_dir
export PATH
