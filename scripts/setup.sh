#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian 12 machine with Rust and Node.
# Idempotent: each step is skipped when its tool is already there.
#   scripts/setup.sh            everything (browser included)
#   scripts/setup.sh --no-browser   skip Chromium (the demo does not need it)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=1
[ "${1:-}" = "--no-browser" ] && want_browser=0

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root for: $*" >&2; exit 1; fi
}

step() { printf '\n== %s\n' "$*"; }

if [ "$want_browser" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  step "Chromium and ChromeDriver (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

step "building the emulator"
cargo build --locked -p stytch-emulator
