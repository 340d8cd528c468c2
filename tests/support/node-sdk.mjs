// One emulator per test file with Stytch's own Node SDK pointed at it: started before the
// file's tests, reset to its seed before each test, stopped after. The answer's `emulator`
// and `client` are set once the `before` hook has run (so read them inside tests).
import { before, after, beforeEach } from 'node:test';
import stytch from 'stytch';
import { startEmulator } from './emulator.mjs';

export function useB2BClient() {
  const sdk = { emulator: undefined, client: undefined };
  before(async () => {
    sdk.emulator = await startEmulator();
    sdk.client = new stytch.B2BClient(sdk.emulator.backendConfig());
  });
  after(() => sdk.emulator.stop());
  beforeEach(() => sdk.emulator.reset());
  return sdk;
}
