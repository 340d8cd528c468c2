#!/usr/bin/env bash
# Runs every test from a fresh clone: installs what is missing, then the Rust tests
# (emulator over real HTTP) and the browser tests (headless Chromium against the emulator).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

printf '\n== Rust tests\n'
cargo test --locked --workspace

printf '\n== Browser tests (headless Chromium)\n'
node --test tests/official-client/
