#!/usr/bin/env bash
# The demo: builds what it needs, starts the Stytch emulator (port 9797) and the example
# server (port 5173: the three B2B example apps, the consumer example, and the API that checks
# their sessions with Stytch's Node SDK), and prints the URLs. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browser >&2
bash scripts/build-examples.sh
export PATH="$PWD/node_modules/.bin:$PATH"

api_port="${API_PORT:-9797}"
web_port="${WEB_PORT:-5173}"
ready=$(mktemp)
./target/debug/stytch-emulator --port "$api_port" >"$ready" &
emulator=$!
trap 'kill $emulator ${server:-} 2>/dev/null; rm -f "$ready"' EXIT INT TERM
# The ready line carries the project ids and backend secrets the server needs (the B2B
# project's at the top, the consumer project's under "consumer").
for _ in $(seq 50); do [ -s "$ready" ] && break; sleep 0.1; done
field() { node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]); console.log(process.argv[2].split(".").reduce((o, k) => o[k], r))' "$ready" "$1"; }
STYTCH_PROJECT_ID=$(field project_id) STYTCH_SECRET=$(field secret) STYTCH_API=$(field base_url) \
  STYTCH_CONSUMER_PROJECT_ID=$(field consumer.project_id) STYTCH_CONSUMER_SECRET=$(field consumer.secret) \
  node examples/server/server.mjs "$web_port" >/dev/null &
server=$!
sleep 1
cat <<MSG

  MFA demo is running:
    React + Vite example       http://127.0.0.1:$web_port/react/
    Script-tag example         http://127.0.0.1:$web_port/vanilla/
    Leptos example (Rust)      http://127.0.0.1:$web_port/leptos/
    Consumer example (server)  http://127.0.0.1:$web_port/consumer/
    Example server's API       http://127.0.0.1:$web_port/api/me, /api/sensitive (Stytch's Node SDK)
    Emulator console           http://127.0.0.1:$api_port/

  Sign in with e.g. sms.member@acme.test / mfa-demo-password (consumer: consumer@example.test).
  The sensitive action is allowed by the server for 5 minutes after a second factor. Ctrl-C to stop.
MSG
wait
