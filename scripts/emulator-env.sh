#!/usr/bin/env bash
# Sourced by the scripts: starts the emulator on a free port in the background, exports
# STYTCH_EMULATOR_URL, and stops it when the sourcing script exits.
emulator_out=$(mktemp)
./target/debug/stytch-emulator --port 0 >"$emulator_out" 2>/dev/null &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null; rm -f "$emulator_out"' EXIT
for _ in $(seq 1 100); do
  [ -s "$emulator_out" ] && break
  sleep 0.1
done
STYTCH_EMULATOR_URL=$(sed -n 's/.*"base_url":"\([^"]*\)".*/\1/p' "$emulator_out")
[ -n "$STYTCH_EMULATOR_URL" ] || { echo "the emulator did not start" >&2; exit 1; }
export STYTCH_EMULATOR_URL
