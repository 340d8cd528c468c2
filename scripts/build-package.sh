#!/usr/bin/env bash
# Builds what the npm package ships: pkg/web/ (wasm-pack, --target web) and
# dist/stytch-b2b-headless.js (the classic-script build with the wasm inlined).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

wasm-pack build --mode no-install --release --target web --out-dir pkg/web --features npm >&2
# wasm-pack writes a `*` .gitignore into its output, which would keep it out of `npm pack`.
rm -f pkg/.gitignore pkg/web/.gitignore pkg/web/package.json pkg/web/README.md

mkdir -p dist
esbuild js/script.js --bundle --minify --format=iife --target=es2020 --loader:.wasm=binary \
  --log-level=error --outfile=dist/stytch-b2b-headless.js
