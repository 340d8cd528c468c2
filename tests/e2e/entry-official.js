// Bundled by esbuild into the test page: Stytch's official headless B2B client.
import { StytchB2BHeadlessClient } from '@stytch/vanilla-js/b2b/headless';

window.StytchB2BHeadlessClient = StytchB2BHeadlessClient;
