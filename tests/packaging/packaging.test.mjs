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
import { RAW_DIR, SHAPE_FILE, glueShape, rewriteGlue } from '../../scripts/process-glue.mjs';

const WORK = path.join(ROOT, 'target/packaging');
const APP = path.join(WORK, 'app');
let emu;
let browser;

const TS_STRICT = {
  strict: true,
  noEmit: true,
  target: 'es2022',
  module: 'esnext',
  moduleResolution: 'bundler',
  lib: ['es2022', 'dom'],
  jsx: 'react-jsx',
  skipLibCheck: false,
  types: [],
};

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

before(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  run('npm', ['pack', '--pack-destination', WORK, '--loglevel=error'], ROOT);
  const tarball = readdirSync(WORK).find((f) => f.endsWith('.tgz'));
  cpSync(path.join(ROOT, 'tests/packaging/app'), APP, { recursive: true });
  cpSync(path.join(ROOT, 'tests/packaging/typed-usage.ts'), path.join(APP, 'typed-usage.ts'));
  cpSync(path.join(ROOT, 'tests/packaging/assignable.ts'), path.join(APP, 'assignable.ts'));
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
  // Ours against Stytch's, member by member. Ours are checked as a library by tsconfig.json;
  // here only the assertions are compiled.
  writeFileSync(
    path.join(APP, 'tsconfig.assignable.json'),
    JSON.stringify({ compilerOptions: { ...TS_STRICT, skipLibCheck: true }, files: ['assignable.ts'] }),
  );
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      'vite@8',
      'react@19',
      'react-dom@19',
      '@types/react@19',
      'typescript@5',
      '@stytch/vanilla-js@6.3.0',
      '@stytch/react@20.1.0',
      path.join(WORK, tarball),
    ],
    APP,
  );
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

// wasm-bindgen's glue as the build found it (kept by scripts/process-glue.mjs), whose shape the
// build checked against scripts/glue-shape.txt before rewriting it.
test("the glue post-processor knows the glue's shape, and any change to how the glue names the wasm's imports and exports, to what it rewrites or to what runs at import is a difference", () => {
  const raw = readFileSync(path.join(RAW_DIR, 'stytch_b2b_headless.js'), 'utf8');
  const mapping = JSON.parse(readFileSync(path.join(RAW_DIR, 'mapping.json'), 'utf8'));
  const snapshot = readFileSync(SHAPE_FILE, 'utf8');
  assert.equal(glueShape(raw, mapping), snapshot);
  const anExport = mapping.exports.find(([name]) => raw.includes(`wasm.${name}(`))[0];
  const anImport = mapping.imports[0][1];
  const changes = {
    'an export reached another way': raw.replace(`wasm.${anExport}(`, `wasm['${anExport}'](`),
    'an import named another way': raw.replace(`${anImport}: function`, `'${anImport}': function`),
    'the fetch fallback written another way': raw.replace(
      "new URL('stytch_b2b_headless_bg.wasm', import.meta.url)",
      "new URL('./stytch_b2b_headless_bg.wasm', import.meta.url)",
    ),
    'the text decoder made another way': raw.replace(
      "new TextDecoder('utf-8', { ignoreBOM: true });\ncachedTextDecoder",
      "new TextDecoder('utf-8');\ncachedTextDecoder",
    ),
    'something new at import': raw.replace(
      'let WASM_VECTOR_LEN = 0;',
      'let WASM_VECTOR_LEN = 0;\nconst cachedTextEncoder2 = new TextEncoder();',
    ),
  };
  for (const [change, glue] of Object.entries(changes)) {
    assert.notEqual(glue, raw, change);
    assert.notEqual(glueShape(glue, mapping), snapshot, change);
  }
  // What the build shipped is the raw glue rewritten, with no long name left.
  const shipped = readFileSync(path.join(ROOT, 'pkg/web/stytch_b2b_headless.js'), 'utf8');
  assert.equal(rewriteGlue(raw, mapping), shipped);
  assert.throws(() => rewriteGlue(changes['the fetch fallback written another way'], mapping), /the glue has 0 of/);
});

test("an app written against Stytch's official types compiles with tsc --strict against them", () => {
  run(path.join(APP, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.stytch.json'], APP);
});

test('the same app compiles against ours with only its imports changed, and the typed example too', () => {
  run(path.join(APP, 'node_modules/.bin/tsc'), ['-p', '.'], APP);
});

// Issue #22: tests/packaging/assignable.ts asserts, for every public member of Stytch's
// StytchB2BClient and every hook, HOC and the provider of @stytch/react/b2b, that ours fits
// where Stytch's is, less the differences it lists; tsc's error names each member that does not.
test("ours is assignable to the public members of Stytch's StytchB2BClient and to @stytch/react/b2b's hooks, HOCs and provider", () => {
  try {
    run(path.join(APP, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.assignable.json'], APP);
  } catch (e) {
    throw new Error(`tsc (assignable.ts) failed:\n${e.stdout}${e.stderr}`);
  }
});

test('a fresh Vite + React app builds with no wasm plugin and logs in through the hooks', async () => {
  const out = run(path.join(APP, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], APP);
  assert.doesNotMatch(out, /error/i);
  assert.deepEqual(
    readdirSync(path.join(APP, 'dist/assets')).filter((f) => f.endsWith('.wasm')),
    [],
    'no .wasm asset: the wasm is inlined',
  );
  await emu.reset();
  const site = await serveDir(path.join(APP, 'dist'));
  const { context, page, errors } = await open(site.url + '/');
  try {
    await page.waitForSelector('#initialized:text("true")');
    assert.equal(await page.evaluate(() => window.firstInitialized), true, 'initialized on the first render, as @stytch/react defaults');
    assert.equal(await page.textContent('#session'), 'none');
    await page.click('#wrong');
    await page.waitForSelector('#error:text("unauthorized_credentials")');
    // Signed out: the RBAC hook has answered (nothing granted), the HOCs pass empty values.
    await page.waitForSelector('#authorized:text("true:false")');
    assert.equal(await page.textContent('#hoc-member'), 'none');
    assert.equal(await page.textContent('#hoc-client'), 'function');
    await page.click('#login');
    await page.waitForSelector(`#session:text("${SEED.globexMember.id}")`);
    assert.equal(await page.textContent('#member'), SEED.globexMember.email);
    // The HOCs pass what the hooks give; the permissions are the bootstrap policy's
    // resources, each action false or true.
    await page.waitForSelector(`#hoc-member:text("${SEED.globexMember.email}")`);
    assert.equal(await page.textContent('#hoc-session'), SEED.globexMember.id);
    assert.equal(await page.textContent('#hoc-organization'), SEED.globex);
    const permissions = JSON.parse(await page.textContent('#permissions'));
    for (const actions of Object.values(permissions)) assert.ok(Object.values(actions).every((v) => typeof v === 'boolean'));
    assert.equal(await page.textContent('#authorized'), 'true:false');
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
  [
    'a plain page with the classic <script> build',
    `<!doctype html><link rel="icon" href="data:,"><body><script src="/node_modules/stytch-b2b-headless-wasm/dist/stytch-b2b-headless.js"></script><script>const { StytchB2BHeadlessClient } = StytchB2BHeadless;${LOGIN_SCRIPT}</script></body>`,
  ],
  [
    'a plain page importing the ESM entry unbundled',
    `<!doctype html><link rel="icon" href="data:,"><body><script type="module">import { StytchB2BHeadlessClient } from '/node_modules/stytch-b2b-headless-wasm/js/index.js';${LOGIN_SCRIPT}</script></body>`,
  ],
  // Browsers before 2025 have no Uint8Array.fromBase64: the entry decodes the wasm with atob.
  [
    'a plain page without Uint8Array.fromBase64 importing the ESM entry',
    `<!doctype html><link rel="icon" href="data:,"><body><script>delete Uint8Array.fromBase64;</script><script type="module">import { StytchB2BHeadlessClient } from '/node_modules/stytch-b2b-headless-wasm/js/index.js';${LOGIN_SCRIPT}</script></body>`,
  ],
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

// Issue #26, item 1: a page's own start-up code. Module scripts run before DOMContentLoaded,
// so a module importing ours can still register for it, as with Stytch's client (a top-level
// await in our entry made the importing module run after the event, and `init` never ran).
test("a plain page's module that imports ours and waits for DOMContentLoaded logs in from its handler", async () => {
  await emu.reset();
  writeFileSync(
    path.join(APP, 'dom-ready.js'),
    `import { StytchB2BHeadlessClient } from '/node_modules/stytch-b2b-headless-wasm/js/index.js';
     window.readyStateAtImport = document.readyState;
     document.addEventListener('DOMContentLoaded', init);
     function init() {${LOGIN_SCRIPT}}`,
  );
  writeFileSync(
    path.join(APP, 'dom-ready.html'),
    '<!doctype html><link rel="icon" href="data:,"><body><script type="module" src="/dom-ready.js"></script></body>',
  );
  const site = await serveDir(APP);
  const { context, page, errors } = await open(`${site.url}/dom-ready.html`);
  try {
    await page.waitForFunction(() => document.body.dataset.result, null, { timeout: 10000 });
    assert.equal(await page.evaluate(() => window.readyStateAtImport), 'interactive');
    assert.equal(await page.evaluate(() => document.body.dataset.result), `ok ${SEED.globexMember.id} cached`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    site.close();
  }
});

// A client constructed in the same task as the import, before the wasm can be ready: getSync()
// answers from storage at once, a call waits for the wasm, subscribers are told the first state.
test('a client constructed right after import answers getSync() from storage and holds its calls until the wasm is ready', async () => {
  await emu.reset();
  writeFileSync(
    path.join(APP, 'early.js'),
    `import { StytchB2BHeadlessClient } from '/node_modules/stytch-b2b-headless-wasm/js/index.js';
     const q = new URLSearchParams(location.search);
     const client = new StytchB2BHeadlessClient(q.get('token'), { customBaseUrl: q.get('api') });
     const seen = (window.seen = { session: client.session.getSync()?.member_id ?? null, member: client.member.getSync()?.email_address ?? null, fromCache: client.session.getInfo().fromCache, tokens: !!client.session.getTokens(), changes: [] });
     client.member.onChange((m) => seen.changes.push(m?.email_address ?? null));
     const call = q.get('login')
       ? client.passwords.authenticate({ organization_id: q.get('org'), email_address: q.get('email'), password: q.get('password'), session_duration_minutes: 60 })
       : client.session.authenticate();
     call.then((r) => (seen.result = 'ok ' + r.member_id), (e) => (seen.result = 'error ' + (e.error_type || e.message)));`,
  );
  writeFileSync(
    path.join(APP, 'early.html'),
    '<!doctype html><link rel="icon" href="data:,"><body><script type="module" src="/early.js"></script></body>',
  );
  const site = await serveDir(APP);
  const { context, page, errors } = await open(`${site.url}/early.html`);
  const url = page.url();
  const result = () =>
    page.waitForFunction(() => window.seen?.result, null, { timeout: 10000 }).then(() => page.evaluate(() => window.seen));
  try {
    // Nothing stored yet: the login, made before the wasm was ready, goes through; the member
    // subscriber hears of it.
    await page.goto(`${url}&login=1`);
    let seen = await result();
    assert.deepEqual(
      { ...seen, changes: seen.changes.slice(0, 1) },
      {
        session: null,
        member: null,
        fromCache: false,
        tokens: false,
        changes: [SEED.globexMember.email],
        result: `ok ${SEED.globexMember.id}`,
      },
    );
    // Reloaded with the session stored: the cached state is there at once, the session is
    // confirmed by a call made before the wasm was ready, and subscribers are told once that
    // the cached state is confirmed (unchanged), as Stytch's are.
    await page.goto(url);
    seen = await result();
    assert.deepEqual(seen, {
      session: SEED.globexMember.id,
      member: SEED.globexMember.email,
      fromCache: true,
      tokens: true,
      changes: [SEED.globexMember.email],
      result: `ok ${SEED.globexMember.id}`,
    });
    // The session cookie gone (expired, or logged out elsewhere), the cached state is stale:
    // getSync() says so at once, as the core will.
    await context.clearCookies();
    await page.reload();
    seen = await result();
    assert.equal(seen.session, null);
    assert.equal(seen.member, null);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    site.close();
  }
});

// Every entry, loaded on Node (SSR, tools) with import and with require (the CommonJS build).
const SERVER_IMPORTS = `
  let message = 'constructed';
  try { new m.StytchB2BHeadlessClient('${SEED.publicToken}'); } catch (e) { message = e.message; }
  // createStytchB2BClient, from every entry, returns a stand-in on a server, as Stytch's.
  const created = [m, r, n].map((e) => typeof e.createStytchB2BClient('${SEED.publicToken}').session.getSync);
  const same = m.StytchB2BClient === m.StytchB2BHeadlessClient && r.createStytchB2BClient === m.createStytchB2BClient
    && rh.useStytchMember === r.useStytchMember && nh.createStytchB2BClient === n.createStytchB2BClient && n.StytchAPIError === m.StytchAPIError;
  // The Next.js entry's client on the server: a stand-in (as @stytch/nextjs's), with empty reads.
  const standIn = n.createStytchB2BClient('${SEED.publicToken}');
  const server = { getSync: standIn.session.getSync(), info: standIn.member.getInfo(), unsubscribe: typeof standIn.session.onChange(() => {}) };
  // An API method throws when called, as Stytch's stand-in does (at once: no promise left unhandled).
  let rejected = 'returned';
  try { standIn.passwords.authenticate({}); } catch (e) { rejected = e.message; }
  const official = { headless: Object.keys(oh), react: Object.keys(or) };
  // The provider renders on the server, its hooks uninitialized there (assumeHydrated false).
  const { createElement: h } = React;
  const Show = () => JSON.stringify(n.useStytchMember());
  const html = renderToString(h(n.StytchB2BProvider, { stytch: standIn }, h(Show)));
  console.log(JSON.stringify({ exports: Object.keys(m).sort(), react: Object.keys(r).sort(), nextjs: Object.keys(n).sort(), message, created, same, server, rejected, html, official }));`;

// What Stytch's headless B2B entry exports for its mobile SDKs (biometrics, passkeys, native
// OAuth, the React Native UI), which a web client leaves out; and its React entry's pre-built UI.
const MOBILE_ONLY = [
  'BiometricRegistrationIdIsNullOrBlank',
  'BiometricsAlreadyEnrolledError',
  'BiometricsFailedError',
  'BiometricsUnavailableError',
  'ChallengeSigningFailedError',
  'DFPNotConfigured',
  'DeviceCredentialsNotAllowedError',
  'FailedCodeChallengeError',
  'FailedToDecryptDataError',
  'IDPOAuthFlowMissingParamError',
  'InvalidAuthorizationCredentialError',
  'InvalidCredentialTypeError',
  'InvalidPrivateKeyLength',
  'InvalidRedirectSchemeError',
  'InvalidStartUrlError',
  'JSONDataNotConvertibleToStringError',
  'KeyInvalidatedError',
  'KeystoreUnavailableError',
  'MissingAttestationObjectError',
  'MissingAuthorizationCredentialIDTokenError',
  'MissingCipherIv',
  'MissingGoogleClientIDError',
  'MissingPKCEError',
  'MissingPublicKeyError',
  'MissingUrlError',
  'NoBiometricsEnrolledError',
  'NoBiometricsRegistrationError',
  'NoCredentialsPresentError',
  'PasskeysInvalidEncoding',
  'PasskeysMisconfigured',
  'PasskeysUnsupportedError',
  'RNUIProducts',
  'RandomNumberGenerationFailed',
  'SDKNotConfiguredError',
  'SignInWithAppleMisconfigured',
  'UserCancellationError',
  'UserLockedOutError',
  'Wallets',
];
const PREBUILT_UI = [
  'StytchB2B',
  'B2BIdentityProvider',
  'B2BProducts',
  'createStytchB2BUIClient',
  'defaultTheme',
  'defaultDarkTheme',
  'iconsBlack',
  'iconsWhite',
  'shadcnTheme',
];

for (const kind of ['import', 'require']) {
  test(`every entry loads on a server with ${kind}; the constructor throws clearly there, createStytchB2BClient is a stand-in; the exports are Stytch's for the web`, () => {
    const load = (name) => (kind === 'import' ? `await import('${name}')` : `require('${name}')`);
    const code = `(async () => {
      const m = ${load('stytch-b2b-headless-wasm')}, r = ${load('stytch-b2b-headless-wasm/react')}, rh = ${load('stytch-b2b-headless-wasm/react/headless')};
      const n = ${load('stytch-b2b-headless-wasm/nextjs')}, nh = ${load('stytch-b2b-headless-wasm/nextjs/headless')};
      const React = ${load('react')}, { renderToString } = ${load('react-dom/server')};
      const oh = ${load('@stytch/vanilla-js/b2b/headless')}, or = ${load('@stytch/react/b2b')};
      ${SERVER_IMPORTS}
    })();`;
    const out = run('node', kind === 'import' ? ['--input-type=module', '-e', code] : ['--input-type=commonjs', '-e', code], APP);
    const { exports, react, nextjs, message, created, same, server, rejected, html, official } = JSON.parse(out);
    // Stytch's entries, less what is not for a headless web client: the mobile SDKs' error
    // classes and enums, and the pre-built UI.
    const notForWeb = (name) => MOBILE_ONLY.includes(name) || PREBUILT_UI.includes(name);
    assert.deepEqual(exports, official.headless.filter((k) => !notForWeb(k)).sort());
    assert.deepEqual(react, official.react.filter((k) => !notForWeb(k)).sort());
    assert.deepEqual(nextjs, react);
    for (const name of MOBILE_ONLY) assert.ok(official.headless.includes(name), `${name} is still Stytch's`);
    assert.match(message, /can only be constructed in a browser/);
    assert.deepEqual(created, ['function', 'function', 'function']);
    assert.ok(same, "Stytch's current and earlier names, and the aliased entries, are the same functions");
    assert.deepEqual(server, { getSync: null, info: { member: null, fromCache: false }, unsubscribe: 'function' });
    assert.match(rejected, /stytch\.passwords\.authenticate\(\) was called on the server/);
    assert.equal(html, JSON.stringify({ member: null, isInitialized: false, fromCache: false }).replaceAll('"', '&quot;'));
  });
}
