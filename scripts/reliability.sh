#!/usr/bin/env bash
# The reliability suite: the emulator and the client under hostile use, with their figures.
# The README test command runs the same tests (scripts/test.sh); this prints what they measured
# (one test at a time, so their lines are not interleaved):
#   races, brute-force limits, the bad-input corpus, slow clients, load and RSS, the kill -9
#   loop (emulator, over real HTTP), and the client's fault, malformed-2xx and bad-input
#   matrices (headless Chromium against the emulator).
#   LOAD_SECONDS=N sets the load phase (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."

setup_log=$(mktemp)
bash scripts/setup.sh >"$setup_log" 2>&1 || { cat "$setup_log" >&2; exit 1; }
rm -f "$setup_log"
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export LOAD_SECONDS="${LOAD_SECONDS:-20}"
figures='(races|bad-input corpus|TOTP guessing|kill -9|slow clients|memory|password flood|bad-input matrix|fault matrix|malformed-2xx matrix):|^test result|FAILED|panicked'

printf '== Emulator (real HTTP; the binary for kill -9, slow clients and memory)\n'
cargo test --locked -p stytch-emulator --test reliability --test hardening --test resilience -- --nocapture --test-threads=1 2>&1 | grep -E "$figures" \
  | sed -E 's/^test [a-z0-9_]+ \.\.\. //' # a figure may follow libtest's "test name ... " on its line

printf '\n== Client (headless Chromium against the emulator)\n'
(
  source scripts/emulator-env.sh
  export WASM_BINDGEN_TEST_TIMEOUT=300
  wasm-pack test --mode no-install --headless --chrome --chromedriver /usr/bin/chromedriver --test browser --features npm -- --nocapture matrix 2>&1 \
    | grep -E "$figures"
)
