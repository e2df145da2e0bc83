#!/usr/bin/env bash
# NativeGo's benchmarks (`npm run bench`): builds the release CLI and the two example
# programs the harness needs, then runs bench/bench.py. Not part of `npm test`: timings on
# shared machines are unreliable. Exit status 1 when a budget is missed.
#
# Environment: CARGO_TARGET_DIR (default src-tauri/target), NATIVEGO_BENCH_IDLE_SECS,
# NATIVEGO_BENCH_APP_SECS, NATIVEGO_BENCH_QUICK, NATIVEGO_BENCH_ONLY (see bench/bench.py),
# NATIVEGO_BENCH_MICRO=1 also runs `cargo bench -p nativego-doctor`.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/src-tauri/target}"
export CARGO_TARGET_DIR="$target"

# A fresh machine: Debian's Go (the comparison and the real binaries), zsh, Rust's parts.
if ! command -v go >/dev/null 2>&1; then
  bash "$repo/scripts/setup.sh"
fi

echo "building release binaries into $target ..."
(cd "$repo/src-tauri" && cargo build --release --locked -q -p nativego-cli \
  && cargo build --release --locked -q -p nativego-doctor --example scan-tools --example scenario-binaries)

python="${PYTHON:-python3}"
status=0
"$python" "$repo/bench/bench.py" \
  --nativego "$target/release/nativego" \
  --gen "$target/release/examples/scenario-binaries" \
  --scan "$target/release/examples/scan-tools" \
  --app "$repo/src-tauri/app/target/debug/nativego-app" || status=$?

if [ "${NATIVEGO_BENCH_MICRO:-0}" = "1" ]; then
  echo
  echo "## Micro-benchmarks (cargo bench -p nativego-doctor)"
  (cd "$repo/src-tauri" && cargo bench --locked -p nativego-doctor --bench doctor) || status=1
fi
exit $status
