#!/usr/bin/env bash
# The demo: builds what it needs, starts the Stytch emulator (port 9797) and serves both
# example apps (port 5173), and prints the URLs. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browser >&2
bash scripts/build-examples.sh
export PATH="$PWD/node_modules/.bin:$PATH"

api_port="${API_PORT:-9797}"
web_port="${WEB_PORT:-5173}"
./target/debug/stytch-emulator --port "$api_port" >/dev/null &
emulator=$!
node scripts/serve-examples.mjs "$web_port" >/dev/null &
web=$!
trap 'kill $emulator $web 2>/dev/null' EXIT INT TERM
sleep 1
cat <<MSG

  MFA demo is running:
    React + Vite example   http://127.0.0.1:$web_port/react/
    Script-tag example     http://127.0.0.1:$web_port/vanilla/
    Emulator (codes, members)  http://127.0.0.1:$api_port/

  Sign in with e.g. sms.member@acme.test / mfa-demo-password. Ctrl-C to stop.
MSG
wait
