// Browser-ready ESM, no bundler needed: <script type="module"> import { StytchB2BHeadlessClient }
// from '/path/to/stytch-b2b-headless-wasm/js/web.js'. The .wasm is fetched from beside the
// wasm-pack glue (pkg/web/) when this module loads.
import init, * as wasm from '../pkg/web/stytch_b2b_headless.js';
import { bindClient } from './client.js';

await init();

export const { StytchB2BHeadlessClient, StytchError, StytchAPIError, StytchAPIUnreachableError, StytchSDKUsageError } =
  bindClient(wasm);
