// The classic-script build's entry (bundled by scripts/build-package.sh into
// dist/stytch-b2b-headless.js): the wasm is inlined and instantiated synchronously, so a page
// without modules can use `new StytchB2BHeadless.StytchB2BHeadlessClient(...)` right after the
// <script> tag. One file, about 7 KB (gzip) larger than the ESM entry plus its .wasm (34.3 vs 27.2 KB).
import { initSync } from '../pkg/web/stytch_b2b_headless.js';
import * as wasm from '../pkg/web/stytch_b2b_headless.js';
import wasmBytes from '../pkg/web/stytch_b2b_headless_bg.wasm';
import { bindClient } from './client.js';

initSync({ module: wasmBytes });
window.StytchB2BHeadless = bindClient(wasm);
