#!/usr/bin/env bash
# Every test of the popover UI (ui/): lint (tsc strict + eslint), Vitest unit tests, and
# browser tests in Debian's Chromium driven by playwright-core. Installs what it needs:
#   - node_modules with `npm ci` when missing or older than package-lock.json;
#   - chromium with apt-get when missing (as root), like scripts/setup.sh does for zsh.
# Screenshots of every state (light and dark) go to tests/ui/screenshots (or
# $NATIVEGO_UI_SCREENSHOTS); the folder is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.package-lock.json
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund
fi

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test-ui: installing chromium with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "test-ui: $CHROMIUM is missing; install it with: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
export CHROMIUM

echo "== lint:ui (tsc --noEmit, eslint)"
npm run --silent lint:ui

echo "== vitest"
npx vitest run --config ui/vite.config.ts

echo "== production build (ui/dist)"
npx vite build --config ui/vite.config.ts --logLevel warn
if grep -rlq "mockIPC\|__nativegoMock" ui/dist; then
  echo "test-ui: the production build contains the mock" >&2
  exit 1
fi

echo "== browser tests (node --test, Chromium)"
node --test --test-reporter=spec tests/ui/browser.test.mjs
