// The package entry, for bundlers (Vite, webpack, Rollup, esbuild) and for browsers unbundled
// (<script type="module">, from any static server). No wasm plugin and no asset handling are
// needed: the wasm is inlined, deflated (zlib format) and base64-encoded (tools/embed-wasm), and
// inflated and compiled while this module loads, so that, as with Stytch's client, the app's
// bundle is the one request, and constructing a client and the getSync() methods are
// synchronous. On a server (SSR, Node) nothing is loaded: importing is safe, constructing
// throws a clear error.

// The first import, so that bundlers put the base64 text first and the JS after it: gzip
// codes the two apart better that way (about 130 B).
import deflatedWasm from '../pkg/web/stytch_b2b_headless_bg.wasm.js';
import * as wasm from '../pkg/web/stytch_b2b_headless.js';
import { bindClient } from './client.js';

const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';
if (inBrowser) wasm.initSync({ module: new WebAssembly.Module(await inflate(deflatedWasm)) });

/** The wasm's bytes from the base64 of their zlib stream. */
function inflate(base64) {
  // Uint8Array.fromBase64 is new (2025); atob is everywhere.
  const deflated = Uint8Array.fromBase64 ? Uint8Array.fromBase64(base64) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Response(new Blob([deflated]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer();
}

export const {
  StytchB2BClient,
  StytchB2BHeadlessClient,
  createStytchB2BClient,
  createStytchB2BHeadlessClient,
  StytchError,
  StytchAPIError,
  StytchAPIUnreachableError,
  StytchSDKUsageError,
} = bindClient(inBrowser ? wasm : null);
