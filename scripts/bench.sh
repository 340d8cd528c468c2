#!/usr/bin/env bash
# The benchmark (not part of the test run): builds the package and a speed-optimised emulator,
# then measures ours and Stytch's client side by side (bench/run.mjs). Writes bench/results.md,
# bench/results.svg and the README's performance section. Takes about 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo build --locked --profile emulator -p stytch-emulator >&2
EMULATOR_BIN="$PWD/target/emulator/stytch-emulator" node bench/run.mjs "$@"
