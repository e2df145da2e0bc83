#!/usr/bin/env bash
# The menu-bar app: lints and unit tests of its crate, then an end-to-end test of the real
# window under Xvfb through WebDriver (tauri-driver + WebKitWebDriver).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bash scripts/setup-app.sh

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build:ui

cd src-tauri/app
echo "== app: cargo fmt --check"
cargo fmt -- --check
echo "== app: cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== app: cargo test"
cargo test --locked
echo "== app: cargo build"
cargo build --locked
echo "== app: clippy for aarch64-apple-darwin (macOS-only code type-checks)"
# DOCS_RS=1 lets the objc2 and notification build scripts skip what needs the macOS SDK
# (platform-notes.md); a separate target directory keeps those results out of the builds
# above.
rustup target list --installed | grep -qx aarch64-apple-darwin || rustup target add aarch64-apple-darwin
DOCS_RS=1 cargo clippy --locked --target aarch64-apple-darwin --target-dir target/macos-check -- -D warnings
cd "$root"

echo "== app: end to end (WebDriver, Xvfb)"
export XDG_RUNTIME_DIR=$(mktemp -d)
chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME="$XDG_RUNTIME_DIR/data" XDG_CONFIG_HOME="$XDG_RUNTIME_DIR/config" XDG_CACHE_HOME="$XDG_RUNTIME_DIR/cache"
export NATIVEGO_APP="$root/src-tauri/app/target/debug/nativego-app"
export TAURI_DRIVER="$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")"
export NATIVEGO_ROOT="$root"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  if command -v trayer >/dev/null 2>&1; then
    trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 &
    export NATIVEGO_TRAYER=1
    sleep 0.5
  fi
  node --test --test-concurrency=1 tests/e2e/app.e2e.mjs tests/e2e/tray.e2e.mjs
'
