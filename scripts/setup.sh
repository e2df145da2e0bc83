#!/usr/bin/env bash
# Installs what NativeGo's build and tests need on a fresh machine, and nothing twice.
#   - Rust components: rustfmt, clippy; the aarch64-apple-darwin target for macOS type-checks.
#   - Debian packages: zsh (the real shell the static evaluator is compared with),
#     golang-go (real darwin/linux Go binaries for the binary reader's tests), unzip and
#     llvm (llvm-objdump) for the registry-binary test, GNU patch (fix diffs round-trip).
set -euo pipefail

need_apt=()
command -v zsh >/dev/null 2>&1 || need_apt+=(zsh)
command -v go >/dev/null 2>&1 || need_apt+=(golang-go)
# The registry-binary test: wheels are zip files; llvm-objdump is a second opinion on
# Mach-O load commands.
command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
command -v patch >/dev/null 2>&1 || need_apt+=(patch)
command -v llvm-objdump >/dev/null 2>&1 || need_apt+=(llvm)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need_apt[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: missing ${need_apt[*]}; install them with: sudo apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi

if command -v rustup >/dev/null 2>&1; then
  installed=$(rustup component list --installed 2>/dev/null || true)
  for c in rustfmt clippy; do
    grep -q "^$c" <<<"$installed" || rustup component add "$c"
  done
  if ! rustup target list --installed | grep -qx aarch64-apple-darwin; then
    rustup target add aarch64-apple-darwin
  fi
fi

# Linking the CLI for macOS on Linux (scripts/test.sh): zig as the cross linker, from
# PyPI's `ziglang` wheel, driven by cargo-zigbuild (platform-notes.md "macOS from Linux").
# Measured on a 2-core build machine: ziglang 14 s, cargo-zigbuild 7 min (compiled).
if [ "$(uname -s)" = Linux ]; then
  if ! python3 -m ziglang version >/dev/null 2>&1; then
    echo "setup: installing ziglang with pip"
    python3 -m pip install --quiet --disable-pip-version-check ziglang
  fi
  if ! command -v cargo-zigbuild >/dev/null 2>&1; then
    echo "setup: installing cargo-zigbuild with cargo install (takes a few minutes)"
    cargo install --quiet cargo-zigbuild --locked
  fi
fi
