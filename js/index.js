// The package entry, for bundlers (Vite, webpack, Rollup, esbuild) and for browsers unbundled
// (<script type="module">, from any static server). No wasm plugin is needed: the .wasm is
// fetched from beside the wasm-pack glue (pkg/web/, located by import.meta.url, which bundlers
// turn into an emitted asset) and compiled while this module loads, so that, as with Stytch's
// client, constructing a client and the getSync() methods are synchronous.
// To serve the .wasm from elsewhere (a CDN), set `globalThis.STYTCH_B2B_WASM_URL` before this
// module is imported. On a server (SSR, Node) nothing is loaded: importing is safe, constructing
// throws a clear error.
import init, * as wasm from '../pkg/web/stytch_b2b_headless.js';
import { bindClient } from './client.js';

const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';
if (inBrowser) await init(globalThis.STYTCH_B2B_WASM_URL ? { module_or_path: globalThis.STYTCH_B2B_WASM_URL } : undefined);

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
