// Proves the emulator speaks Stytch's real protocol: Stytch's own @stytch/vanilla-js client,
// in headless Chromium, completes the MFA flows against it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, startEmulator } from '../support/emulator.mjs';
import { launchBrowser, serveFiles } from '../support/browser.mjs';
import { FLOWS, installCaller, requestShape } from '../support/flows.mjs';

let emu;
let browser;
let site;

before(async () => {
  emu = await startEmulator();
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'tests/official-client/entry.js')],
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    conditions: ['production'],
    logLevel: 'silent',
  });
  site = await serveFiles({
    '/': { type: 'text/html', body: '<!doctype html><title>official client</title><script src="/bundle.js"></script>' },
    '/bundle.js': { type: 'text/javascript', body: bundle.outputFiles[0].text },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  site?.close();
  emu?.stop();
});

async function openClient() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(site.url + '/');
  await page.evaluate(([token, base]) => {
    window.client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
  }, [emu.publicToken, emu.baseUrl]);
  await installCaller(page);
  return { context, page, consoleErrors };
}

const shapes = {};

for (const [name, flow] of Object.entries(FLOWS)) {
  test(`official client: ${name}`, async () => {
    await emu.reset();
    const { context, page, consoleErrors } = await openClient();
    try {
      await flow({ page, context, emu });
      const requests = await emu.requests();
      assert.ok(requests.some((r) => r.path === `/sdk/v1/projects/bootstrap/${emu.publicToken}`), 'bootstrap fetched');
      const shape = requestShape(requests);
      for (const r of shape) {
        assert.equal(r.authorization.username, emu.publicToken);
        if (r.path !== '/sdk/v1/b2b/passwords/authenticate') {
          assert.ok(r.body_keys.includes('intermediate_session_token'), `${r.path} carries the IST`);
        }
      }
      shapes[name] = shape;
      assert.deepEqual(consoleErrors, []);
    } finally {
      await context.close();
    }
  });
}

after(() => {
  // Kept for comparison with our client's requests (the SDK's cross-client test reads it).
  const dir = path.join(ROOT, 'target/official-client');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'request-shapes.json'), JSON.stringify(shapes, null, 2));
});
