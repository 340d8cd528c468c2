// The package entry, for bundlers (Vite, webpack, Rollup, esbuild) and for browsers unbundled
// (<script type="module">, from any static server). No wasm plugin and no asset handling are
// needed: the wasm is inlined, deflated (zlib format) and base64-encoded (tools/embed-wasm).
// Importing never waits for it (no top-level await, so the importing module runs at once, as
// with Stytch's client): it is inflated and compiled in the background from import on, and a
// client constructed before then answers getSync() from storage and holds its calls until it
// is ready (client.js). On a server (SSR, Node) nothing is loaded: importing is safe,
// `new StytchB2BClient` throws a clear error and createStytchB2BClient returns a stand-in
// (server.js), as Stytch's do.

// The first import, so that bundlers put the base64 text first and the JS after it: gzip
// codes the two apart better that way (about 130 B).
import { deflatedWasm } from '../pkg/web/stytch_b2b_headless_bg.wasm.js';
import { initSync, WasmClient } from '../pkg/web/stytch_b2b_headless.js';
import { bindClient } from './client.js';
import { serverStandIn } from './server.js';

let loaded;
const loading =
  typeof window !== 'undefined' && typeof document !== 'undefined'
    ? // Started while this module evaluates (decoded now, the stream's work queued), not a
      // microtask later; the executor turns a missing API (Response, DecompressionStream)
      // into a rejection.
      new Promise((resolve) => resolve(inflate(deflatedWasm))).then((bytes) => {
        initSync({ module: new WebAssembly.Module(bytes) });
        return (loaded = WasmClient);
      })
    : undefined;
// Where it cannot load (a test environment without DecompressionStream), the calls that wait
// for it report why; importing and rendering still work.
loading?.catch(() => {});

/**
 * The wasm's bytes from the base64 of their zlib stream. A Response over the bytes, not a
 * Blob's stream(): jsdom's Blob has none.
 */
function inflate(base64) {
  // Uint8Array.fromBase64 is new (2025) and much faster; atob is everywhere.
  const deflated = Uint8Array.fromBase64 ? Uint8Array.fromBase64(base64) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new Response(new Response(deflated).body.pipeThrough(new DecompressionStream('deflate'))).arrayBuffer();
}

export const { StytchB2BClient, StytchB2BHeadlessClient, StytchError, StytchAPIError, StytchAPIUnreachableError, StytchSDKUsageError } =
  bindClient(() => loaded, loading);

/** A client, or on a server (where there is no `window`) a stand-in, as Stytch's. */
export const createStytchB2BClient = (publicToken, options) =>
  typeof window === 'undefined' ? serverStandIn('stytch') : new StytchB2BClient(publicToken, options);
export const createStytchB2BHeadlessClient = createStytchB2BClient;

export * from './values.js';
