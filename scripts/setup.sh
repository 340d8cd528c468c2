#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian 12 machine with Rust and Node,
# then builds the emulator and the wasm package. Idempotent: each install is skipped when its
# tool is already there (see ../shared/TOOLCHAIN.md for why each step is done this way).
#   scripts/setup.sh               everything
#   scripts/setup.sh --no-browser  skip what only the tests use (Chromium, ChromeDriver, the
#                                  Python venv); the demo needs neither
set -euo pipefail
cd "$(dirname "$0")/.."

want_test_tools=1
[ "${1:-}" = "--no-browser" ] && want_test_tools=0

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: need root for: $*" >&2; exit 1; fi
}
step() { printf '\n== %s\n' "$*" >&2; }

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

if [ "$want_test_tools" = 1 ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  step "Chromium and ChromeDriver (Debian packages)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Rust wasm32 target"
  rustup target add wasm32-unknown-unknown
fi
# The test command checks formatting (rustfmt.toml).
if [ "$want_test_tools" = 1 ] && ! rustup component list --installed 2>/dev/null | grep -q '^rustfmt'; then
  step "Rust rustfmt component"
  rustup component add rustfmt
fi
# The npm wasm is built with nightly rebuilding std (scripts/build-package.sh): its wasm32
# target and std's sources. The machine image carries a nightly; without one, rustup fetches it.
if ! rustup +nightly target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || ! rustup +nightly component list --installed 2>/dev/null | grep -q '^rust-src'; then
  step "Rust nightly: wasm32 target and rust-src (for the npm build)"
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  rustup +nightly target add wasm32-unknown-unknown
  rustup +nightly component add rust-src
fi

# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
pids=()
if ! command -v wasm-pack >/dev/null; then
  step "wasm-pack (cargo install, about 2 minutes)"
  cargo install wasm-pack --locked >&2 & pids+=($!)
fi
# Its test runner is built with tiny_http's task pool mended: tools/test-runner/install.sh says why,
# and does nothing when that build is installed.
bash tools/test-runner/install.sh "$bindgen_version" >&2 & pids+=($!)

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
# Stytch's Python SDK for the backend tests, in a venv of its own (pinned versions).
venv=tests/backend/python/.venv
if [ "$want_test_tools" = 1 ] && { [ ! -x "$venv/bin/python" ] || [ tests/backend/python/requirements.txt -nt "$venv/.installed" ]; }; then
  step "Python venv with Stytch's Python SDK (pip)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/backend/python/requirements.txt >&2
  touch "$venv/.installed"
fi
for pid in "${pids[@]}"; do wait "$pid"; done

step "building the emulator"
cargo build --locked -p stytch-emulator >&2

step "building the package (pkg/web, dist)"
bash scripts/build-package.sh

# py23: maturin, which packs the emulator binary into the pytest plugin's wheel
# (scripts/test-python-package.sh), in a venv of its own.
python_tools=target/python-tools
if [ "$want_test_tools" = 1 ] && { [ ! -x "$python_tools/bin/maturin" ] || [ emulator/python/build-requirements.txt -nt "$python_tools/.installed" ]; }; then
  step "maturin (pip), for the emulator's Python wheel"
  python3 -m venv "$python_tools"
  "$python_tools/bin/pip" install --quiet --disable-pip-version-check -r emulator/python/build-requirements.txt >&2
  touch "$python_tools/.installed"
fi
