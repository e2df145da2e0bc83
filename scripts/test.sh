#!/usr/bin/env bash
# Every test NativeGo has: formatting, lints (also for macOS), and all Rust tests.
# Called by `npm test`, which CI runs through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

cd src-tauri
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy (linux)"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo clippy (aarch64-apple-darwin: macOS-only code type-checks)"
cargo clippy --workspace --locked --target aarch64-apple-darwin -- -D warnings
echo "== cargo test"
# The tests that compare with real zsh and read real Go binaries must not skip here.
NATIVEGO_REQUIRE_GO=1 NATIVEGO_REQUIRE_ZSH=1 cargo test --workspace --locked
