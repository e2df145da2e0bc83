#!/usr/bin/env bash
# What building, running and testing the menu-bar app needs on Debian or Ubuntu:
# WebKitGTK and the tray library (platform-notes.md), Xvfb, WebKitWebDriver and
# tauri-driver for the end-to-end tests. Installs only what is missing.
set -euo pipefail
pkgs=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
      librsvg2-dev libsoup-3.0-dev xvfb xauth webkit2gtk-driver dbus-x11 at-spi2-core
      fonts-dejavu-core trayer x11-utils xdotool)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup-app: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup-app: missing packages; install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  cargo install tauri-driver --locked
fi
