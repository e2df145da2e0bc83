#!/usr/bin/env bash
# The long forms of the reliability suite (figures in RELIABILITY.md). Hours, not minutes.
#
#   scripts/soak.sh                 # everything
#   FUZZ_SECS=600 KILL_RUNS=2000 PROPTEST_CASES=2000 NATIVEGO_ZSH_CASES=300 scripts/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/src-tauri/target}
export PROPTEST_CASES=${PROPTEST_CASES:-2000}
export NATIVEGO_ZSH_CASES=${NATIVEGO_ZSH_CASES:-300}
export NATIVEGO_SOAK=1
KILL_RUNS=${KILL_RUNS:-2000}
FUZZ_SECS=${FUZZ_SECS:-600}

echo "== property tests ($PROPTEST_CASES cases, $NATIVEGO_ZSH_CASES against zsh), corpus, resources (50 MB), watcher (200,000 renames)"
(cd src-tauri && cargo test -p nativego-doctor --locked --release \
  --test proptest_fix --test proptest_eval --test corpus --test resources --test watcher -- --nocapture)

echo "== kill test: $KILL_RUNS kills of nativego fix mid-write"
(cd src-tauri && NATIVEGO_KILL_RUNS=$KILL_RUNS cargo test -p nativego-cli --locked --test fix_cli -- --nocapture)

echo "== fuzzing, ${FUZZ_SECS}s per target"
FUZZ_SECS=$FUZZ_SECS scripts/test-reliability.sh
