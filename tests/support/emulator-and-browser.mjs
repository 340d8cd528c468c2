// One emulator and one headless Chromium for a test file: started before its tests, closed
// after. The answer's `emu` and `browser` are set once the `before` hook has run (so read
// them inside tests).
import { after, before } from 'node:test';
import { startEmulator } from './emulator.mjs';
import { launchBrowser } from './browser.mjs';

export function useEmulatorAndBrowser() {
  const ctx = { emu: undefined, browser: undefined };
  before(async () => {
    ctx.emu = await startEmulator();
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.emu?.stop();
  });
  return ctx;
}
