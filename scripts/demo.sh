#!/usr/bin/env bash
# The demo: builds what it needs, starts the Stytch emulator (port 9797) and the example
# server (port 5173: the three B2B example apps, the consumer example, and the API that checks
# their sessions with Stytch's Node SDK), the same server again at http://localhost:3000 (the
# project's default Connected Apps authorization URL is its /oauth/authorize, the React app's
# consent page), and the Connected-App example (port 5174), and prints the URLs. Ctrl-C stops
# everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browser >&2
bash scripts/build-examples.sh
export PATH="$PWD/node_modules/.bin:$PATH"

api_port="${API_PORT:-9797}"
web_port="${WEB_PORT:-5173}"
# The port of the project's authorization URL (Stytch's dashboard setting; the emulator's is
# http://localhost:3000/oauth/authorize).
consent_port="${CONSENT_PORT:-3000}"
client_port="${CLIENT_PORT:-5174}"
ready=$(mktemp)
./target/debug/stytch-emulator --port "$api_port" >"$ready" &
emulator=$!
trap 'kill $emulator ${server:-} ${consent:-} ${client:-} 2>/dev/null; rm -f "$ready"' EXIT INT TERM
# The ready line carries the project ids and backend secrets the server needs (the B2B
# project's at the top, the consumer project's under "consumer").
for _ in $(seq 50); do [ -s "$ready" ] && break; sleep 0.1; done
field() { node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8").split("\n")[0]); console.log(process.argv[2].split(".").reduce((o, k) => o[k], r))' "$ready" "$1"; }
STYTCH_PROJECT_ID=$(field project_id) STYTCH_SECRET=$(field secret) STYTCH_API=$(field base_url)
STYTCH_CONSUMER_PROJECT_ID=$(field consumer.project_id) STYTCH_CONSUMER_SECRET=$(field consumer.secret)
export STYTCH_PROJECT_ID STYTCH_SECRET STYTCH_API STYTCH_CONSUMER_PROJECT_ID STYTCH_CONSUMER_SECRET
node examples/server/server.mjs "$web_port" >/dev/null &
server=$!
node examples/server/server.mjs "$consent_port" >/dev/null &
consent=$!
# The Connected App registers itself with the emulator when it starts.
node examples/connected-app/server.mjs "$client_port" >/dev/null &
client=$!
sleep 1
cat <<MSG

  MFA demo is running:
    React + Vite example       http://127.0.0.1:$web_port/react/
    Script-tag example         http://127.0.0.1:$web_port/vanilla/
    Leptos example (Rust)      http://127.0.0.1:$web_port/leptos/
    Consumer example (server)  http://127.0.0.1:$web_port/consumer/
    Connected-App example      http://127.0.0.1:$client_port/ (signs in through the consent page,
                               http://localhost:$consent_port/oauth/authorize: the React app)
    Example server's API       http://127.0.0.1:$web_port/api/me, /api/sensitive (Stytch's Node SDK)
    Emulator console           http://127.0.0.1:$api_port/

  Sign in with e.g. sms.member@acme.test / mfa-demo-password (consumer: consumer@example.test).
  The sensitive action is allowed by the server for 5 minutes after a second factor. The admin
  page (admin.member@soylent.test) sets up SSO and SCIM. Ctrl-C to stop.
MSG
wait
