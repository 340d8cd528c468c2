#!/usr/bin/env bash
# Checks that the crates a Rust app depends on and the npm package publish cleanly: their
# docs build without a warning (as docs.rs builds them, for wasm32), `cargo publish --dry-run`
# (packaged, then built from the package alone), and `npm pack` with the files an app needs and
# nothing else. Fails on any warning about the packages.
set -euo pipefail
cd "$(dirname "$0")/.."

RUSTDOCFLAGS="-D warnings" cargo doc --quiet --no-deps --locked --target wasm32-unknown-unknown \
  -p stytch-b2b-protocol -p stytch-b2b-headless
echo "cargo doc: no warnings"

# The dry run builds the packaged crates as if from a registry, and cargo never rebuilds a
# registry crate of a version it has built before: after the protocol crate changes, the verify
# step would link the stale build (and cargo keeps the stale extracted sources too). So the dry
# run gets a target directory of its own, and before each run its builds and extractions of our
# two crates go; the dependencies stay built.
publish_target=target/publish
rm -rf "$publish_target"/debug/.fingerprint/stytch-b2b-* "$publish_target"/debug/deps/*stytch_b2b_* \
  "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/stytch-b2b-protocol-* "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/stytch-b2b-headless-*

out=$(CARGO_TARGET_DIR=$publish_target cargo publish --dry-run --allow-dirty --locked -p stytch-b2b-protocol -p stytch-b2b-headless 2>&1) || { echo "$out"; exit 1; }
warnings=$(grep -i 'warning' <<<"$out" | grep -v 'aborting upload due to dry run' || true)
[ -z "$warnings" ] || { echo "cargo publish --dry-run warned:"; echo "$warnings"; exit 1; }
grep 'Packaged' <<<"$out" | sed 's/^ */cargo: /'

# npm's own notices about the machine's user config are not the package's.
json=$(npm pack --dry-run --json 2>/tmp/npm-pack-$$.err)
warnings=$(grep -i 'warn' /tmp/npm-pack-$$.err | grep -v 'Unknown user config' || true)
rm -f /tmp/npm-pack-$$.err
[ -z "$warnings" ] || { echo "npm pack warned:"; echo "$warnings"; exit 1; }
node -e '
  const [pack] = JSON.parse(process.argv[1]);
  const files = pack.files.map((f) => f.path);
  // The ESM modules, and their CommonJS copies under dist/cjs/ (scripts/build-package.sh).
  const modules = ["js/index.js", "js/index.d.ts", "js/client.js", "js/driver.js", "js/host.js", "js/react.js", "js/react.d.ts",
    "js/nextjs.js", "js/nextjs.d.ts", "js/redirects.js", "js/bootstrap.js", "js/third-party.js", "js/server.js", "js/values.js", "pkg/web/stytch_b2b_headless.js", "pkg/web/stytch_b2b_headless_bg.wasm.js"];
  const needed = ["package.json", "README.md", "LICENSE", ...modules, "js/script.js", "dist/stytch-b2b-headless.js",
    "pkg/web/stytch_b2b_headless.d.ts", "pkg/web/stytch_b2b_headless_bg.wasm",
    ...modules.map((f) => `dist/cjs/${f}`), "dist/cjs/package.json"];
  const missing = needed.filter((f) => !files.includes(f));
  const snippet = (f) => f.startsWith("pkg/web/snippets/") || f.startsWith("dist/cjs/pkg/web/snippets/");
  const stray = files.filter((f) => !needed.includes(f) && !snippet(f));
  if (missing.length || stray.length) {
    console.error("npm pack: missing", missing, "unexpected", stray);
    process.exit(1);
  }
  console.log(`npm: ${pack.filename}, ${files.length} files, ${pack.size} B packed`);
' "$json"
