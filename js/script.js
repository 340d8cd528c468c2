// The classic-script build's entry (bundled by scripts/build-package.sh into
// dist/stytch-b2b-headless.js): the wasm is inlined and instantiated synchronously, so a page
// without modules can use `new StytchB2BHeadless.StytchB2BHeadlessClient(...)` right after the
// <script> tag. One file, about 7.5 KB (gzip) larger than the ESM entry (34.3 vs 26.8 KB), whose
// wasm is deflated: inflating it is asynchronous, which a script usable at once cannot wait for.
import * as wasm from '../pkg/web/stytch_b2b_headless.js';
import wasmBytes from '../pkg/web/stytch_b2b_headless_bg.wasm';
import { bindClient } from './client.js';
import * as values from './values.js';

wasm.initSync({ module: wasmBytes });
// The client and its errors, and the headless entry's other values (error classes, enums, helpers).
window.StytchB2BHeadless = { ...bindClient(() => wasm.WasmClient), ...values };
