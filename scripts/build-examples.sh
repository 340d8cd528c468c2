#!/usr/bin/env bash
# Builds the React + Vite example against the freshly built package (scripts/build-package.sh
# first). The script-tag example needs no build.
set -euo pipefail
cd "$(dirname "$0")/../examples/react-vite"
# The SDK is installed from ../.. as a packed copy: drop the old copy so the build uses this checkout.
rm -rf node_modules/stytch-b2b-headless-wasm
npm install --no-audit --no-fund --loglevel=error >&2
npx vite build --logLevel warn >&2
