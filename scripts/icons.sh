#!/usr/bin/env bash
# Regenerates every icon from its one source image in icons/source/:
#   app.svg        → icons/app-1024.png → the app icon set (icon.png, icon.icns, 32x32.png, …)
#   tray-*.svg     → icons/tray/*.png (menu-bar icons: template-* for macOS, coloured for Linux)
# Needs rsvg-convert (Debian: librsvg2-bin) and the Tauri CLI (npm's @tauri-apps/cli).
set -euo pipefail
cd "$(dirname "$0")/../icons"
rsvg-convert -w 1024 -h 1024 source/app.svg -o app-1024.png
for f in source/tray-*.svg; do
  name=$(basename "$f" .svg); name=${name#tray-}
  rsvg-convert -w 44 -h 44 "$f" -o "tray/$name.png"
done
npx --no-install tauri icon app-1024.png -o .
# Only the desktop icons are used; the CLI also writes mobile and Windows Store sets.
rm -rf android ios Square*.png StoreLogo.png icon.ico
