#!/usr/bin/env bash
# Starts the local Stytch emulator on port 9797 (PORT to change) and prints its URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-browser >&2
port="${PORT:-9797}"
printf '\nStarting the Stytch emulator on http://127.0.0.1:%s/ (Ctrl-C to stop)\n' "$port" >&2
printf 'Open that URL to see organizations, members and the codes they are sent.\n' >&2
printf 'Every seeded member'"'"'s password is mfa-demo-password.\n\n' >&2
exec ./target/debug/stytch-emulator --port "$port"
