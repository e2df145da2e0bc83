#!/usr/bin/env bash
# Runs NativeGo on this machine. Until the menu-bar app lands, that is the CLI's
# diagnosis; pass a scenario to see another machine: `npm start -- --scenario DIR`.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
  echo "NativeGo needs Rust: install it from https://rustup.rs" >&2
  exit 2
fi
cargo build --quiet --release --manifest-path src-tauri/Cargo.toml -p nativego-cli
exec src-tauri/target/release/nativego doctor "$@"
