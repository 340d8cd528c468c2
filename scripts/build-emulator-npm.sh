#!/usr/bin/env bash
# Builds the npm package stytch-emulator's wasm (emulator/npm/wasm/, git-ignored): the
# emulator's core (emulator/wasm, crate stytch-emulator-wasm) for wasm32, wasm-bindgen
# `--target web` (the same files load in Node with initSync and in a browser), then wasm-opt.
# The profile `emulator-wasm` (Cargo.toml) is tuned for speed and a short build; see the
# README for the build's time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out=emulator/npm/wasm
built=target/wasm32-unknown-unknown/emulator-wasm/stytch_emulator_wasm.wasm
cargo build --locked --profile emulator-wasm --target wasm32-unknown-unknown -p stytch-emulator-wasm >&2
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" "$built"
# -O1: most of -O2's gain in speed for a fraction of its time on this 4 MB module.
wasm-opt -O1 --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals "$out/stytch_emulator_wasm_bg.wasm" -o "$out/stytch_emulator_wasm_bg.wasm"
