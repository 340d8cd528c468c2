#!/usr/bin/env bash
# Builds the examples against this checkout: the React + Vite app against the freshly built
# package (scripts/build-package.sh first), and the Leptos app (the typed Rust API) with
# wasm-pack. The script-tag example needs no build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

(
  cd examples/react-vite
  # The SDK is installed from ../.. as a packed copy: drop the old copy so the build uses this checkout.
  rm -rf node_modules/stytch-b2b-headless-wasm
  npm install --no-audit --no-fund --loglevel=error >&2
  npx vite build --logLevel warn >&2
)

# Leptos, client-side rendered: a wasm-pack bundle in examples/leptos/pkg, served with its
# index.html at /leptos/ by the example server.
wasm-pack build --mode no-install --release --target web --no-typescript --no-pack --out-dir pkg examples/leptos -- --locked >&2
