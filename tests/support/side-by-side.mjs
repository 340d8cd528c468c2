// Stytch's official headless client and ours, each on its own page of one site, against one
// emulator in headless Chromium: what the tests that run both clients the same way share.
import { after, before } from 'node:test';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT, startEmulator } from './emulator.mjs';
import { launchBrowser, packageFiles, serveFiles } from './browser.mjs';
import { installCaller } from './flows.mjs';

const OURS_PAGE = `<!doctype html><title>ours</title><script type="module">
  import { StytchB2BHeadlessClient } from '/js/index.js';
  window.StytchB2BHeadlessClient = StytchB2BHeadlessClient;
  window.ready = true;
</script>`;

/** `/official.html` and `/official.js`, for `serveFiles`: Stytch's client, bundled from tests/e2e/entry-official.js. */
export async function officialClientFiles() {
  const official = await build({
    entryPoints: [path.join(ROOT, 'tests/e2e/entry-official.js')],
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    conditions: ['production'],
    logLevel: 'silent',
  });
  return {
    '/official.html': {
      type: 'text/html',
      body: '<!doctype html><title>official</title><script src="/official.js"></script><script>window.ready = true</script>',
    },
    '/official.js': { type: 'text/javascript', body: official.outputFiles[0].text },
  };
}

/** `/ours.html` (this package's client, unbundled, as `window.StytchB2BHeadlessClient`) and the package's files, for `serveFiles`. */
export function oursClientFiles() {
  return { '/ours.html': { type: 'text/html', body: OURS_PAGE }, ...packageFiles(ROOT) };
}

/**
 * An emulator, a browser and a site serving `/official.html` (Stytch's client, bundled from
 * tests/e2e/entry-official.js) and `/ours.html` (this package, unbundled).
 */
async function startSideBySide() {
  const emu = await startEmulator();
  const site = await serveFiles({ ...(await officialClientFiles()), ...oursClientFiles() });
  const browser = await launchBrowser();
  return { emu, site, browser };
}

/**
 * A fresh browser context on `which` client's page (`official`, `ours`), with `window.client`
 * made against the emulator and `window.call` installed; the page's uncaught errors collect
 * in `pageErrors`. `prepare(context)`, if given, runs before the page opens (routes, say).
 */
async function openClient({ emu, site, browser }, which, prepare) {
  const context = await browser.newContext();
  await prepare?.(context);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${site.url}/${which}.html`);
  await page.waitForFunction(() => window.ready === true);
  await makeClient(page, emu);
  return { context, page, pageErrors };
}

/** `window.client` on a loaded client page, made against the emulator, and `window.call`. */
export async function makeClient(page, emu) {
  await page.evaluate(
    ([token, base]) => {
      window.client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
    },
    [emu.publicToken, emu.baseUrl],
  );
  await installCaller(page);
}

/**
 * The side-by-side set-up for a test file: started before its tests, closed after. The
 * answer's `emu`, `site` and `browser` are set once the `before` hook has run;
 * `openClient(which, prepare)` opens a client's page (see above).
 */
export function useSideBySide() {
  const sides = { emu: undefined, site: undefined, browser: undefined, openClient: (which, prepare) => openClient(sides, which, prepare) };
  before(async () => {
    Object.assign(sides, await startSideBySide());
  });
  after(async () => {
    await sides.browser?.close();
    sides.site?.close();
    sides.emu?.stop();
  });
  return sides;
}
