#!/usr/bin/env bash
# Reliability suite (short form, for `npm test`): property tests, the startup-file corpus,
# resource limits, and each fuzz target for FUZZ_SECS seconds (default 20).
#
#   scripts/test-reliability.sh            # ~2-3 minutes on a warm machine
#   FUZZ_SECS=5 scripts/test-reliability.sh
#
# Fuzzing uses cargo-fuzz (libFuzzer) through RUSTC_BOOTSTRAP=1 on the stable toolchain
# when `cargo fuzz` is installed (`cargo install cargo-fuzz --locked`); otherwise it falls
# back to the libFuzzer-free bounded random runner (same target functions), and says so.
# The long forms are in scripts/soak.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
FUZZ_SECS=${FUZZ_SECS:-20}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/src-tauri/target}
FUZZ_TARGET_DIR=${FUZZ_TARGET_DIR:-$CARGO_TARGET_DIR/fuzz}
TARGETS=(shell_eval binary goenv plist scenario)
start=$(date +%s)

echo "== property tests, corpus, resources"
(cd src-tauri && cargo test -p nativego-doctor --locked \
  --test proptest_fix --test proptest_eval --test corpus --test resources -- --nocapture 2>&1) |
  tee /tmp/nativego-reliability-tests.log | grep -E '^test |^corpus:|test result' || true
grep -q 'FAILED\|panicked' /tmp/nativego-reliability-tests.log && { echo "reliability tests FAILED"; exit 1; }
tests_passed=$(grep -Eo 'ok\. [0-9]+ passed' /tmp/nativego-reliability-tests.log | awk '{s+=$2} END {print s+0}')

echo "== fuzzing, ${FUZZ_SECS}s per target"
mode=libfuzzer
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The targets keep a scratch scenario per process in $TMPDIR: keep it inside $work.
mkdir -p "$work/tmp"
execs_total=0
if cargo fuzz --version >/dev/null 2>&1 &&
  (cd src-tauri/fuzz && RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$FUZZ_TARGET_DIR cargo fuzz build -O >"$work/build.log" 2>&1); then
  for t in "${TARGETS[@]}"; do
    mkdir -p "$work/$t"
    # New inputs go to $work/$t; the checked-in seeds stay as they are. shell_eval's seeds
    # are the engine's corpus of realistic startup files (as in random_inputs' seed_dir).
    seeds="corpus/$t"
    [ "$t" = shell_eval ] && seeds=../../tests/corpus
    if ! (cd src-tauri/fuzz && TMPDIR=$work/tmp RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$FUZZ_TARGET_DIR \
      cargo fuzz run -O "$t" "$work/$t" "$seeds" -- \
      -max_total_time="$FUZZ_SECS" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      >"$work/$t.log" 2>&1); then
      tail -40 "$work/$t.log"
      echo "fuzz target $t FAILED (artifacts in src-tauri/fuzz/artifacts/$t)"
      exit 1
    fi
    line=$(grep -E '^#[0-9]+.*DONE' "$work/$t.log" | tail -1)
    n=$(echo "$line" | sed -E 's/^#([0-9]+).*/\1/')
    execs_total=$((execs_total + ${n:-0}))
    echo "fuzz $t: $(echo "$line" | grep -Eo 'cov: [0-9]+ ft: [0-9]+') executions: ${n:-?}, crashes: 0"
  done
else
  mode=random
  echo "cargo-fuzz is not usable here (not installed, or libFuzzer did not build): using the bounded random runner"
  (cd src-tauri/fuzz && TMPDIR=$work/tmp cargo run --quiet --release --no-default-features --bin random_inputs -- "$FUZZ_SECS") |
    tee "$work/random.log"
  execs_total=$(grep -Eo '[0-9]+ executions' "$work/random.log" | awk '{s+=$1} END {print s+0}')
fi

echo "reliability: OK — ${tests_passed} tests passed, ${#TARGETS[@]} fuzz targets (${mode}) ${execs_total} executions, 0 crashes, $(( $(date +%s) - start ))s"
