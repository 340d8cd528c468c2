#!/usr/bin/env bash
# Installs wasm-bindgen-cli at the version given (Cargo.lock's wasm-bindgen) with its test runner's
# HTTP server mended. Run from the repository root by scripts/setup.sh.
#
# Why: `wasm-pack test --headless` runs wasm-bindgen-test-runner, which serves the test page with
# tiny_http 0.12.0. Its task pool hands each new connection to a thread it counts as idle, and the
# count still includes threads already woken for earlier connections; when a browser opens more
# connections at once than the pool has idle threads, the surplus waits for a wake-up that was spent
# and is served only when another keep-alive connection closes, minutes later. Chromium fetches a
# page's JS modules over up to six connections at once and our wasm tests import six, so the test
# page's modules could stall and the headless run hang until its timeout (CI, Chromium 156).
# tiny_http-task-pool.patch gives a new connection a thread of its own unless enough idle ones wait.
set -euo pipefail
version=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$PWD/target/test-runner
mark="$work/installed-$version-$(sha256sum "$here/tiny_http-task-pool.patch" | cut -c1-12)"
if [ -e "$mark" ] && [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" = "$version" ]; then
  exit 0
fi
printf '\n== wasm-bindgen-cli %s, its test runner mended (cargo install, about 2.5 minutes)\n' "$version" >&2

# tiny_http's source, fetched by cargo into its registry, then copied and patched here.
mkdir -p "$work/fetch"
cat > "$work/fetch/Cargo.toml" <<'TOML'
[package]
name = "fetch-tiny-http"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
path = "lib.rs"

[dependencies]
tiny_http = "=0.12.0"

[workspace]
TOML
touch "$work/fetch/lib.rs"
cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml"
src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/tiny_http-0.12.0 | head -1)
rm -rf "$work/tiny_http"
cp -r "$src" "$work/tiny_http"
patch --quiet -d "$work/tiny_http" -p1 < "$here/tiny_http-task-pool.patch"

# No --locked: wasm-bindgen-cli's lockfile pins a crate newer than the reachable index.
log="$work/install.log"
cargo install wasm-bindgen-cli --version "$version" --force \
  --config "patch.crates-io.tiny_http.path=\"$work/tiny_http\"" 2>&1 | tee "$log"
# A tiny_http release other than 0.12.0 would leave the patch unused, and cargo only warns.
grep -q "Compiling tiny_http v0.12.0 ($work/tiny_http)" "$log" \
  || { echo "wasm-bindgen-cli was built without the mended tiny_http (see $log)" >&2; exit 1; }
rm -f "$work"/installed-*
touch "$mark"
