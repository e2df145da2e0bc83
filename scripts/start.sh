#!/usr/bin/env bash
# Runs the NativeGo menu-bar app for development: installs what it needs (npm packages;
# on Debian/Ubuntu the system libraries, or the exact command to install them), builds
# the popover UI and starts the app. `NATIVEGO_SCENARIO=DIR npm start` runs it against a
# scenario; `NATIVEGO_SHOW_WINDOW=1` keeps the popover shown.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
  echo "NativeGo needs Rust: install it from https://rustup.rs" >&2
  exit 2
fi
if [ "$(uname -s)" = Linux ]; then
  bash scripts/setup-app.sh
fi
stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent build:ui
cargo build --manifest-path src-tauri/app/Cargo.toml
if [ "$(uname -s)" = Linux ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "start: no display; run it under a desktop session, or headless with: xvfb-run -a npm start" >&2
  exit 2
fi
exec src-tauri/app/target/debug/nativego-app "$@"
