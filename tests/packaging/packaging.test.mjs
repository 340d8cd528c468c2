// The package as users get it: `npm pack`, installed into a fresh Vite + React app and a
// plain static page, built, and run in Chromium against the emulator; imported on Node (SSR);
// and its types checked by `tsc --strict` against a typed example.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';
import { cookieMap, launchBrowser, serveDir } from '../support/browser.mjs';

const WORK = path.join(ROOT, 'target/packaging');
const APP = path.join(WORK, 'app');
let emu;
let browser;

const TS_STRICT = { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], jsx: 'react-jsx', skipLibCheck: false, types: [] };

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

before(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  run('npm', ['pack', '--pack-destination', WORK, '--loglevel=error'], ROOT);
  const tarball = readdirSync(WORK).find((f) => f.endsWith('.tgz'));
  cpSync(path.join(ROOT, 'tests/packaging/app'), APP, { recursive: true });
  cpSync(path.join(ROOT, 'tests/packaging/typed-usage.ts'), path.join(APP, 'typed-usage.ts'));
  // An app written against Stytch's official types, and the same file with only its imports
  // pointed at this package.
  const stytchApp = readFileSync(path.join(ROOT, 'tests/packaging/stytch-typed-app.tsx'), 'utf8');
  writeFileSync(path.join(APP, 'stytch-app.tsx'), stytchApp);
  const swapped = stytchApp
    .replaceAll("from '@stytch/vanilla-js/b2b/headless'", "from 'stytch-b2b-headless-wasm'")
    .replaceAll("from '@stytch/react/b2b'", "from 'stytch-b2b-headless-wasm/react'");
  assert.notEqual(swapped, stytchApp, 'the imports were rewritten');
  assert.equal(swapped.split('\n').filter((line, i) => line !== stytchApp.split('\n')[i]).length, 2, 'only the two import lines differ');
  writeFileSync(path.join(APP, 'stytch-app-swapped.tsx'), swapped);
  writeFileSync(path.join(APP, 'package.json'), JSON.stringify({ name: 'packaging-check', private: true, type: 'module' }));
  writeFileSync(
    path.join(APP, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: TS_STRICT, files: ['typed-usage.ts', 'stytch-app-swapped.tsx'] }),
  );
  // Stytch's own declarations are not ours to check (skipLibCheck), only the app against them.
  writeFileSync(
    path.join(APP, 'tsconfig.stytch.json'),
    JSON.stringify({ compilerOptions: { ...TS_STRICT, skipLibCheck: true }, files: ['stytch-app.tsx'] }),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'vite@8', 'react@19', 'react-dom@19', '@types/react@19', 'typescript@5', '@stytch/vanilla-js@6.3.0', '@stytch/react@20.1.0', path.join(WORK, tarball)], APP);
  emu = await startEmulator();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  emu?.stop();
});

async function open(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The wasm is inlined in the JS (tools/embed-wasm): no page may fetch a .wasm.
  page.on('request', (r) => r.url().endsWith('.wasm') && errors.push(`fetched ${r.url()}`));
  const query = new URLSearchParams({
    api: emu.baseUrl,
    token: SEED.publicToken,
    org: SEED.globex,
    email: SEED.globexMember.email,
    password: SEED.password,
  });
  await page.goto(`${url}?${query}`);
  return { context, page, errors };
}

test("an app written against Stytch's official types compiles with tsc --strict against them", () => {
  run(path.join(APP, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.stytch.json'], APP);
});

test('the same app compiles against ours with only its imports changed, and the typed example too', () => {
  run(path.join(APP, 'node_modules/.bin/tsc'), ['-p', '.'], APP);
});

test('a fresh Vite + React app builds with no wasm plugin and logs in through the hooks', async () => {
  const out = run(path.join(APP, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], APP);
  assert.doesNotMatch(out, /error/i);
  assert.deepEqual(readdirSync(path.join(APP, 'dist/assets')).filter((f) => f.endsWith('.wasm')), [], 'no .wasm asset: the wasm is inlined');
  await emu.reset();
  const site = await serveDir(path.join(APP, 'dist'));
  const { context, page, errors } = await open(site.url + '/');
  try {
    await page.waitForSelector('#initialized:text("true")');
    assert.equal(await page.evaluate(() => window.firstInitialized), true, 'initialized on the first render, as @stytch/react defaults');
    assert.equal(await page.textContent('#session'), 'none');
    await page.click('#wrong');
    await page.waitForSelector('#error:text("unauthorized_credentials")');
    await page.click('#login');
    await page.waitForSelector(`#session:text("${SEED.globexMember.id}")`);
    assert.equal(await page.textContent('#member'), SEED.globexMember.email);
    assert.ok((await cookieMap(context)).stytch_session, 'session cookie written');
    await page.click('#logout');
    await page.waitForSelector('#session:text("none")');
    assert.equal((await cookieMap(context)).stytch_session, undefined);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    site.close();
  }
});

const LOGIN_SCRIPT = `
  const api = new URLSearchParams(location.search).get('api');
  const client = new StytchB2BHeadlessClient('${SEED.publicToken}', { customBaseUrl: api });
  client.passwords.authenticate({ organization_id: '${SEED.globex}', email_address: '${SEED.globexMember.email}', password: '${SEED.password}', session_duration_minutes: 60 })
    .then((r) => { document.body.dataset.result = 'ok ' + r.member_id + ' ' + (client.session.getSync() ? 'cached' : 'none'); })
    .catch((e) => { document.body.dataset.result = 'error ' + e.name; });`;

for (const [name, html] of [
  ['a plain page with the classic <script> build', `<!doctype html><link rel="icon" href="data:,"><body><script src="/node_modules/stytch-b2b-headless-wasm/dist/stytch-b2b-headless.js"></script><script>const { StytchB2BHeadlessClient } = StytchB2BHeadless;${LOGIN_SCRIPT}</script></body>`],
  ['a plain page importing the ESM entry unbundled', `<!doctype html><link rel="icon" href="data:,"><body><script type="module">import { StytchB2BHeadlessClient } from '/node_modules/stytch-b2b-headless-wasm/js/index.js';${LOGIN_SCRIPT}</script></body>`],
  // Browsers before 2025 have no Uint8Array.fromBase64: the entry decodes the wasm with atob.
  ['a plain page without Uint8Array.fromBase64 importing the ESM entry', `<!doctype html><link rel="icon" href="data:,"><body><script>delete Uint8Array.fromBase64;</script><script type="module">import { StytchB2BHeadlessClient } from '/node_modules/stytch-b2b-headless-wasm/js/index.js';${LOGIN_SCRIPT}</script></body>`],
]) {
  test(`${name} logs in`, async () => {
    await emu.reset();
    const file = `${name.replace(/\W+/g, '-')}.html`;
    writeFileSync(path.join(APP, file), html);
    const site = await serveDir(APP);
    const { context, page, errors } = await open(`${site.url}/${file}`);
    try {
      await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 10000 });
      assert.equal(await page.evaluate(() => document.body.dataset.result), `ok ${SEED.globexMember.id} cached`);
      if (name.includes('without')) assert.equal(await page.evaluate(() => typeof Uint8Array.fromBase64), 'undefined');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
      site.close();
    }
  });
}

test('importing on a server does not throw; constructing there fails clearly', () => {
  const out = run(
    'node',
    ['--input-type=module', '-e', `
      const m = await import('stytch-b2b-headless-wasm');
      const r = await import('stytch-b2b-headless-wasm/react');
      let message = 'constructed';
      try { new m.StytchB2BHeadlessClient('${SEED.publicToken}'); } catch (e) { message = e.message; }
      let created = 'constructed';
      try { r.createStytchB2BClient('${SEED.publicToken}'); } catch (e) { created = e.message; }
      const same = m.StytchB2BClient === m.StytchB2BHeadlessClient && r.createStytchB2BClient === m.createStytchB2BClient;
      console.log(JSON.stringify({ exports: Object.keys(m).sort(), react: Object.keys(r).sort(), message, created, same }));`],
    APP,
  );
  const { exports, react, message, created, same } = JSON.parse(out);
  assert.deepEqual(exports, [
    'StytchAPIError', 'StytchAPIUnreachableError', 'StytchB2BClient', 'StytchB2BHeadlessClient', 'StytchError', 'StytchSDKUsageError',
    'createStytchB2BClient', 'createStytchB2BHeadlessClient',
  ]);
  assert.deepEqual(react, [
    'StytchB2BClient', 'StytchB2BHeadlessClient', 'StytchB2BProvider', 'createStytchB2BClient', 'createStytchB2BHeadlessClient',
    'useStytchB2BClient', 'useStytchMember', 'useStytchMemberSession', 'useStytchOrganization',
  ]);
  assert.match(message, /can only be constructed in a browser/);
  assert.match(created, /can only be constructed in a browser/);
  assert.ok(same, "Stytch's current and earlier names are the same functions");
});
