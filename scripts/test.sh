#!/usr/bin/env bash
# Runs every test from a fresh clone: installs what is missing, then
#   1. native Rust tests: the emulator over real HTTP, and the SDK's portable core;
#   2. the SDK in headless Chromium (wasm-pack test) against a spawned emulator;
#   3. Stytch's Node and Python backend SDKs running the MFA guides' server flows;
#   4. Stytch's official client and ours running the same flows in Chromium, the npm package
#      installed into fresh apps and pages, and both example apps through every flow (node:test).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

printf '\n== Formatting (rustfmt.toml, .prettierrc.json)\n'
cargo fmt --all --check
cargo fmt --manifest-path fuzz/Cargo.toml --check
cargo fmt --manifest-path examples/leptos/Cargo.toml --check
prettier --check '**/*.{js,mjs,cjs,jsx,ts,tsx}'

printf '\n== Size budget of the npm download (bench/size-budget.json)\n'
node scripts/check-size.mjs

printf '\n== Publishable: cargo publish --dry-run, npm pack\n'
bash scripts/check-publish.sh

printf '\n== The emulator core as wasm (no tokio, sockets or files), for the npm package emulator/npm\n'
# The core built for wasm32 through its binding (emulator/wasm), wasm-bindgen and wasm-opt: what
# `npx stytch-emulator`, startEmulator() and the Service Worker run. A build rather than a check:
# code generation for the target is part of what must work.
bash scripts/build-emulator-npm.sh

printf '\n== Native Rust tests (with the reliability suite: 20 s of load)\n'
LOAD_SECONDS=20 cargo test --locked --workspace

printf '\n== SDK browser tests (wasm-pack test, headless Chromium)\n'
(
  source scripts/emulator-env.sh
  # The runner's default 20 s covers the whole headless run; the fault matrices need more.
  export WASM_BINDGEN_TEST_TIMEOUT=300
  wasm-pack test --mode no-install --headless --chrome --chromedriver /usr/bin/chromedriver --features npm
)

printf '\n== The backend SDKs (npm stytch, PyPI stytch) against the emulator\n'
node --test tests/backend/
# npm23: the same Node SDK suite against the npm package's emulator (the wasm core in Node).
STYTCH_EMULATOR_HOST=npm node --test tests/backend/
tests/backend/python/.venv/bin/python -m unittest discover -s tests/backend/python

printf '\n== Building the examples (React + Vite, Leptos)\n'
bash scripts/build-examples.sh

printf '\n== Benchmark harness smoke run (numbers not kept)\n'
node bench/run.mjs --smoke | tail -1

printf '\n== Official client vs ours, the packaged client, the examples (headless Chromium)\n'
node --test tests/e2e/ tests/packaging/ tests/examples/

# one23: one behaviour on both hosts (issue #23). The suites above ran against the native binary;
# these run them again against the npm package's emulator (the same core as wasm, with a Node
# host: emulator/npm), which STYTCH_EMULATOR_HOST=npm makes every harness start instead.
printf '\n== The same suites against the npm emulator (STYTCH_EMULATOR_HOST=npm)\n'
(
  export STYTCH_EMULATOR_HOST=npm
  # Every emulator suite over HTTP but layout and readme, which read the sources and start no
  # emulator. The binaries are those built above; the load runs its default 5 s.
  suites=()
  for f in emulator/tests/*.rs; do
    name=$(basename "$f" .rs)
    case "$name" in layout | readme) ;; *) suites+=(--test "$name") ;; esac
  done
  cargo test --locked -p stytch-emulator "${suites[@]}"
  tests/backend/python/.venv/bin/python -m unittest discover -s tests/backend/python
  # Stytch's official client and ours side by side, the client's surface, pages under other
  # host names, the console's editors; then the example apps through every flow, their server and the console.
  node --test tests/e2e/clients.test.mjs tests/e2e/methods.test.mjs tests/e2e/surface.test.mjs tests/e2e/hostile-pages.test.mjs \
    tests/e2e/console-access.test.mjs tests/e2e/console-flows.test.mjs tests/examples/
  # onetap24: Google One Tap with Stytch's client, the npm emulator's Google Identity Services stand-in.
  node --test tests/e2e/one-tap.test.mjs
  # dfp24: DFP Protected Auth and captcha with Stytch's client, and the console's switches.
  node --test tests/e2e/protected-auth.test.mjs
)

# py23: the pytest plugin's wheel (issue #23).
printf '\n== The pytest plugin: its wheel (the emulator binary inside) in a fresh venv, with Stytch'"'"'s Python SDK\n'
bash scripts/test-python-package.sh
