#!/usr/bin/env bash
# Sourced by the scripts: starts the emulator on a free port in the background, exports
# STYTCH_EMULATOR_URL, and stops it when the sourcing script exits. The emulator's stderr is
# kept, not shown: when the sourcing script fails (or the emulator does not start), its last
# lines say why (the emulator never logs codes, secrets or tokens); a passing run prints none.
emulator_out=$(mktemp)
emulator_err=$(mktemp)
./target/debug/stytch-emulator --port 0 >"$emulator_out" 2>"$emulator_err" &
emulator_pid=$!
emulator_env_exit() {
  local status=$?
  kill "$emulator_pid" 2>/dev/null || true # already gone if it crashed
  if [ "$status" -ne 0 ]; then
    printf '\nthe emulator'"'"'s stderr (the script failed, exit status %s; its last 40 lines):\n' "$status" >&2
    tail -n 40 "$emulator_err" >&2
  fi
  rm -f "$emulator_out" "$emulator_err"
}
trap emulator_env_exit EXIT
for _ in $(seq 1 100); do
  [ -s "$emulator_out" ] && break
  sleep 0.1
done
STYTCH_EMULATOR_URL=$(sed -n 's/.*"base_url":"\([^"]*\)".*/\1/p' "$emulator_out")
[ -n "$STYTCH_EMULATOR_URL" ] || { echo "the emulator did not start" >&2; exit 1; }
export STYTCH_EMULATOR_URL
