#!/usr/bin/env bash
# Builds what the npm package ships: pkg/web/ (wasm-pack, --target web, the wasm inlined into
# a module of its own), dist/cjs/ (CommonJS copies of the ESM entries and what they import) and
# dist/stytch-b2b-headless.js (the classic-script build).
#
# The wasm is built with the nightly toolchain rebuilding std with `-Cpanic=immediate-abort`:
# a panic then traps at once, and std's panic and formatting machinery (which every
# possible panic links in) drops out: about 2.6 KB gzip of ~34 (README, "Performance"). setup.sh
# installs what it needs (nightly's wasm32 target and rust-src, both rustup components).
# `-Zlocation-detail=none` leaves out the source locations `#[track_caller]` code carries for
# panic messages, which such a panic never prints (file names and their table: 166 B gzip).
# STABLE_WASM=1 builds with stable instead (larger, same behaviour but for the panic message).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# A 32 KiB stack instead of Rust's default 1 MiB, which the wasm's initial memory reserves (the
# memory is then 128 KiB, not 1,152). The stack is first in memory and grows down towards 0, so
# the bytes below its deepest point stay zero: measured that way, the constructor and the MFA
# flows with a subscriber write 1.3 KB of it. A deeper call would trap, not overwrite data.
STACK="-Clink-arg=-zstack-size=32768"
rm -rf pkg/web
if [ "${STABLE_WASM:-0}" = 1 ]; then
  RUSTFLAGS="$STACK" wasm-pack build --mode no-install --release --target web --out-dir pkg/web --features npm >&2
else
  # A target directory of its own: std built this way must not mix with the stable builds.
  RUSTUP_TOOLCHAIN=nightly CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none $STACK" CARGO_TARGET_DIR=target/npm-nightly \
    wasm-pack build --mode no-install --release --target web --out-dir pkg/web --features npm >&2
fi
# wasm-pack writes a `*` .gitignore into its output, which would keep it out of `npm pack`.
rm -f pkg/.gitignore pkg/web/.gitignore pkg/web/package.json pkg/web/README.md
# wasm-bindgen copies every JS module the crate names, also those only the typed Rust API
# imports (js/driver.js, which the facade imports from js/ itself): ship only what the glue imports.
for f in pkg/web/snippets/*/js/*.js; do
  grep -q "/js/$(basename "$f")'" pkg/web/stytch_b2b_headless.js || rm "$f"
done
# Every change to wasm-bindgen's glue, checked against the shape it knows: short import and
# export names in the wasm and the glue (about 1 KB gzip), no fetch of the .wasm, text coders
# made at first use (see the script; UPDATE_GLUE_SHAPE=1 records a new shape).
node scripts/process-glue.mjs pkg/web >&2
# Then only the wasm deflated (Zopfli) into pkg/web/stytch_b2b_headless_bg.wasm.js, which
# js/index.js imports, so that the app's bundle is the one request (see the tool).
cargo run -q -p embed-wasm -- pkg/web >&2

mkdir -p dist
esbuild js/script.js --bundle --minify --format=iife --target=es2020 --loader:.wasm=binary \
  --log-level=error --outfile=dist/stytch-b2b-headless.js

# CommonJS, for require() (Jest's default mode, Node tools and servers that are not ESM), as
# Stytch ships both: each ESM module turned into one of its own, file for file under the same
# relative paths, so the entries share one client module as they do in ESM. The folder's
# package.json makes its .js and .d.ts CommonJS; the declarations are the ESM ones. The lazy
# import() of js/third-party.js becomes a require() there, as runners in CommonJS mode (Jest's
# default) load no ES module.
rm -rf dist/cjs
esbuild $(ls js/*.js | grep -v '^js/script.js$') pkg/web/stytch_b2b_headless.js pkg/web/stytch_b2b_headless_bg.wasm.js \
  pkg/web/snippets/*/js/*.js --format=cjs --target=es2020 --supported:dynamic-import=false --outbase=. --outdir=dist/cjs --log-level=error
cp js/*.d.ts dist/cjs/js/
echo '{ "type": "commonjs" }' > dist/cjs/package.json
