// The emulator in a Service Worker (emulator/npm/browser): the demo's React app, built to plain
// static files, signs in with a password and an SMS code against the emulator's core running in
// the browser, with no emulator process and no example server; the state survives the worker
// being stopped; the console works under the worker's prefix. The static server below only
// serves files, and the test checks that no request for the emulator ever reached it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ROOT, SEED } from '../support/emulator.mjs';
import { cookieMap, launchBrowser } from '../support/browser.mjs';
import { staticFiles } from '../../examples/server/static.mjs';
import { oursClientFiles } from '../support/side-by-side.mjs';

const PREFIX = '/stytch/';
// What a static site adds: the worker's one-line root module, and a call to registerEmulator
// (here on a page of its own, which then opens the app).
const PAGES = {
  '/stytch-emulator-sw.js': { type: 'text/javascript', body: "import './stytch-emulator/browser/sw.js';\n" },
  '/start.html': {
    type: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module">
      import { registerEmulator } from '/stytch-emulator/browser/index.js';
      window.servedAtLoad = Boolean(navigator.serviceWorker?.controller);
      const t0 = performance.now();
      window.registered = registerEmulator({ prefix: '${PREFIX}' }).then(
        (r) => ({ baseUrl: r.baseUrl, publicToken: r.publicToken, ms: performance.now() - t0 }),
        (e) => ({ error: String(e) }),
      );
    </script>`,
  },
  // Another site's page that sends a form to the emulator's control API, hiding its referrer.
  '/foreign-form.html': {
    type: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><link rel="icon" href="data:,">
      <form method="post"></form><script>
        document.forms[0].action = new URLSearchParams(location.search).get('to');
        document.forms[0].submit();
      </script>`,
  },
};

let browser;
let site;
const reachedServer = [];

before(async () => {
  for (const built of ['examples/react-vite/dist/index.html', 'emulator/npm/wasm/stytch_emulator_wasm_bg.wasm']) {
    if (!existsSync(path.join(ROOT, built)))
      throw new Error(`${built} is missing: run scripts/build-examples.sh / scripts/build-emulator-npm.sh`);
  }
  const files = staticFiles(
    [
      ['/react/', 'examples/react-vite/dist'],
      ['/stytch-emulator/', 'emulator/npm'],
    ],
    // With this package's client on /ours.html, for the DFP test.
    { ...PAGES, ...oursClientFiles() },
  );
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pathname.startsWith(PREFIX) || pathname === PREFIX.slice(0, -1)) reachedServer.push(pathname);
    if (!(await files(pathname, res))) res.writeHead(404).end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  site = { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  site?.close();
});

/** The control API of the worker, from a page it serves. */
const control = (page, p) => page.evaluate(async (url) => (await fetch(url)).json(), `${PREFIX}_emulator/${p}`);

/** Stops the page's Service Worker as the browser does when it is idle (DevTools' "Stop"). */
async function stopWorker(page) {
  const cdp = await page.context().newCDPSession(page);
  const stopped = new Promise((resolve) =>
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      if (versions.some((v) => v.status === 'activated' && v.runningStatus === 'stopped')) resolve();
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await stopped;
  await cdp.detach();
}

test('the React app signs in with a password and SMS against the emulator in a Service Worker; state survives a restart; the console answers', async (t) => {
  const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(`${site.url}/start.html`);
  const registered = await page.evaluate(() => window.registered);
  assert.equal(registered.error, undefined, registered.error);
  assert.equal(registered.baseUrl, `${site.url}/stytch`);
  assert.equal(registered.publicToken, SEED.publicToken);
  t.diagnostic(`registerEmulator to the first answer: ${Math.round(registered.ms)} ms`);

  // The app as built, pointed at the worker (the demo reads its API base from ?api=).
  await page.goto(`${site.url}/react/?api=${encodeURIComponent(registered.baseUrl)}`);
  const onView = (view) => page.waitForSelector(`#app[data-view="${view}"]`, { timeout: 10000 });
  await onView('login');
  await page.selectOption('#org', SEED.acme);
  await page.fill('#email', SEED.acmeSms.email);
  await page.fill('#password', SEED.password);
  await page.click('#sign-in');
  await onView('sms-code');
  const sms = (await control(page, `outbox?to=${encodeURIComponent(SEED.acmeSms.phone)}`)).messages.at(-1);
  await page.fill('#code', sms.code);
  await page.click('#verify');
  await onView('home');
  assert.equal(await page.textContent('#member-email'), SEED.acmeSms.email);
  const cookies = await cookieMap(context);
  assert.ok(cookies.stytch_session && cookies.stytch_session_jwt, 'session cookies set');
  const sessionId = (await control(page, 'sessions')).member_sessions[0]?.member_session_id;
  assert.ok(sessionId, 'the emulator lists the new session');

  // A stopped worker starts again on the next request and restores the stored state: the
  // session is still known and its JWT still verifies (the same signing keys).
  await stopWorker(page);
  const restartMs = await page.evaluate(async (url) => {
    const t0 = performance.now();
    await fetch(url);
    return performance.now() - t0;
  }, `${PREFIX}_emulator/project`);
  t.diagnostic(`a stopped worker starts again and answers in ${Math.round(restartMs)} ms`);
  const confirmed = page.waitForResponse((r) => r.url().endsWith('/stytch/sdk/v1/b2b/sessions/authenticate'));
  await page.reload();
  assert.equal((await confirmed).status(), 200, 'the restored emulator knows the session');
  await onView('home');
  assert.deepEqual(
    (await control(page, 'sessions')).member_sessions.map((s) => s.member_session_id),
    [sessionId],
  );

  // Sign in with Google: the emulated provider's consent page, served by the worker, sends its
  // form under the prefix, and the organization's MFA follows.
  await page.click('#logout');
  await onView('login');
  await page.selectOption('#org', SEED.acme);
  await Promise.all([page.waitForURL(/\/stytch\/v1\/b2b\/public\/oauth\/google\/start/), page.click('#google')]);
  await page.click(`button.member[value="${SEED.acmeSms.email}"]`);
  await onView('sms-code');
  const second = (await control(page, `outbox?to=${encodeURIComponent(SEED.acmeSms.phone)}`)).messages.at(-1);
  await page.fill('#code', second.code);
  await page.click('#verify');
  await onView('home');
  assert.match(await page.textContent('#factors'), /oauth[\s\S]*oauth_google[\s\S]*otp/);

  // The console, under the prefix: its script and control-API calls are relative to it.
  await page.goto(`${site.url}/stytch`);
  assert.equal(page.url(), `${site.url}${PREFIX}`, 'the prefix without its slash redirects to it');
  await page.waitForSelector(`#sessions td:text("${SEED.acmeSms.email}")`);
  assert.match(await page.textContent('#project'), new RegExp(`${site.url}/stytch/v1/b2b/`));
  assert.equal(await page.getAttribute('#export', 'href'), '_emulator/state');
  await page.click('#clock-plus-1m');
  await page.waitForSelector('#status:text("Clock moved +1 min.")');
  assert.ok((await control(page, 'clock')).offset_seconds >= 60, 'the clock moved in the worker');

  // What is not an endpoint gets the core's Stytch-shaped 404.
  const missing = await page.evaluate(async (url) => {
    const res = await fetch(url);
    return { status: res.status, body: await res.json() };
  }, `${PREFIX}no/such/route`);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error_type, 'route_not_found');

  assert.deepEqual(reachedServer, [], 'no request for the emulator reached the static server');
  assert.deepEqual(errors, []);
  await context.close();
});

test('under a host name that is not loopback the worker serves its own site; without a secure context it cannot start', async () => {
  // app.test is this static server, made a secure context as an https site would be; plain.test
  // is the same server over plain http, which is no secure context.
  const port = new URL(site.url).port;
  const secure = `http://app.test:${port}`;
  const plain = `http://plain.test:${port}`;
  const other = await launchBrowser({
    args: [
      '--host-resolver-rules=MAP app.test 127.0.0.1, MAP plain.test 127.0.0.1',
      `--unsafely-treat-insecure-origin-as-secure=${secure}`,
    ],
  });
  try {
    const page = await (await other.newContext()).newPage();
    await page.goto(`${secure}/start.html`);
    const registered = await page.evaluate(() => window.registered);
    assert.equal(registered.error, undefined, registered.error);
    assert.equal(registered.baseUrl, `${secure}/stytch`);
    // The console and the control API, which a server emulator refuses under a name it was not
    // given (--allowed-host), answer: only this site's pages reach its worker.
    await page.goto(`${secure}/stytch/`);
    await page.waitForSelector(`#project code:text("${SEED.publicToken}")`);
    // Its buttons work there too.
    await page.click('#clock-plus-1h');
    await page.waitForSelector('#status:text("Clock moved +1 hour.")');

    // A form another site sends (a navigation, which reaches the worker) to the control API is
    // refused as the native emulator refuses a foreign Origin, though the worker sees none.
    await Promise.all([
      page.waitForURL(`${secure}/stytch/_emulator/reset`),
      page.goto(`${plain}/foreign-form.html?to=${encodeURIComponent(`${secure}/stytch/_emulator/reset`)}`),
    ]);
    const refused = JSON.parse(await page.textContent('body'));
    assert.equal(refused.error_type, 'cross_origin_control_request');

    await page.goto(`${plain}/start.html`);
    assert.match((await page.evaluate(() => window.registered)).error, /need a secure context/);
  } finally {
    await other.close();
  }
  assert.deepEqual(reachedServer, [], 'no request for the emulator reached the static server');
});

test(
  'after a hard reload (the page not served by the worker) registerEmulator has it claim the page again',
  { timeout: 60000 },
  async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/start.html`);
    assert.equal((await page.evaluate(() => window.registered)).error, undefined);
    // Shift-reload: the browser loads the page past its worker, which then does not serve it.
    const cdp = await context.newCDPSession(page);
    await Promise.all([page.waitForEvent('load'), cdp.send('Page.reload', { ignoreCache: true })]);
    assert.equal(await page.evaluate(() => window.servedAtLoad), false);
    const registered = await page.evaluate(() => window.registered);
    assert.equal(registered.error, undefined, registered.error);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.state), 'activated');
    await context.close();
  },
);

test("a body over the core's limit gets its 413; a drop fault is a network error for the page", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/start.html`);
  assert.equal((await page.evaluate(() => window.registered)).error, undefined);
  const outcome = await page.evaluate(async (prefix) => {
    const post = (p, body) =>
      fetch(`${prefix}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(
        async (res) => ({ status: res.status, body: await res.json() }),
        (e) => ({ failed: e.name }),
      );
    const tooLarge = await post('sdk/v1/b2b/passwords/authenticate', 'x'.repeat((1 << 20) + 1));
    await post('_emulator/faults', JSON.stringify({ path: '/b2b/passwords/authenticate', drop: true, times: 1 }));
    const dropped = await post('sdk/v1/b2b/passwords/authenticate', '{}');
    return { tooLarge, dropped };
  }, PREFIX);
  assert.equal(outcome.tooLarge.status, 413);
  assert.equal(outcome.tooLarge.body.error_type, 'request_too_large');
  assert.deepEqual(outcome.dropped, { failed: 'TypeError' }, 'a drop fault is a network error for the page');
  await context.close();
});

/**
 * A fresh context whose requests to `foreignHosts` (URL patterns) are refused and counted in
 * `foreign`, on /ours.html (this package's client) once the worker is registered and answers
 * it; uncaught page errors collect in `errors`. Answers the worker's `baseUrl` too.
 */
async function oursUnderWorker(foreignHosts) {
  const context = await browser.newContext();
  const foreign = [];
  for (const host of foreignHosts) {
    await context.route(host, (route) => (foreign.push(route.request().url()), route.abort()));
  }
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${site.url}/start.html`);
  const { baseUrl, error } = await page.evaluate(() => window.registered);
  assert.equal(error, undefined, error);
  await page.goto(`${site.url}/ours.html`);
  await page.waitForFunction(() => window.ready === true);
  return { context, page, errors, foreign, baseUrl };
}

test("DFP and captcha against the worker: our client's DFP places and the reCAPTCHA stand-in under its prefix; a challenged login is retried and allowed", async () => {
  // Nothing may go to Stytch's or Google's hosts: every script and call is the worker's.
  const { context, page, errors, foreign, baseUrl } = await oursUnderWorker([
    'https://elements.stytch.com/**',
    'https://telemetry.stytch.com/**',
    'https://www.google.com/**',
  ]);
  // The page loads the worker's reCAPTCHA stand-in, as an app's page would Google's script.
  await page.addScriptTag({ url: `${baseUrl}/recaptcha/enterprise.js?render=site-key-worker` });
  const outcome = await page.evaluate(
    async ([base, prefix, token, login]) => {
      const control = (method, p, body) =>
        fetch(`${prefix}_emulator/${p}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const settings = {
        dfp_protected_auth: { enabled: true, mode: 'DECISIONING', on_challenge: 'TRIGGER_CAPTCHA' },
        captcha: { enabled: true, site_key: 'site-key-worker' },
      };
      await control('PUT', 'protected_auth', settings);
      await control('POST', 'protected_auth/queue', { verdicts: ['CHALLENGE'] });
      const client = new window.StytchB2BHeadlessClient(token, { customBaseUrl: base, dfppaUrl: base, dfpCdnUrl: base });
      const answer = await client.passwords.authenticate(login);
      const { requests } = await (await fetch(`${prefix}_emulator/requests`)).json();
      const logins = requests.filter((r) => r.path === '/sdk/v1/b2b/passwords/authenticate');
      await control('PUT', 'protected_auth', { dfp_protected_auth: { enabled: false }, captcha: { enabled: false } });
      return { authenticated: answer.member_authenticated, statuses: logins.map((r) => r.status), keys: logins.map((r) => r.body_keys) };
    },
    [
      baseUrl,
      PREFIX,
      SEED.publicToken,
      { organization_id: SEED.globex, email_address: SEED.globexMember.email, password: SEED.password, session_duration_minutes: 60 },
    ],
  );
  assert.equal(outcome.authenticated, true);
  assert.deepEqual(outcome.statuses.slice(-2), [403, 200], 'refused with Captcha required, then allowed');
  const [challenged, retried] = outcome.keys.slice(-2);
  assert.ok(challenged.includes('dfp_telemetry_id'), `${challenged}`);
  assert.ok(
    ['dfp_telemetry_id', 'captcha_token'].every((k) => retried.includes(k)),
    `${retried}`,
  );
  assert.deepEqual(foreign, [], "nothing went to Stytch's or Google's hosts");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Google One Tap against the worker: our client shows the worker's Google stand-in, and the member it names signs in", async () => {
  const { context, page, errors, foreign, baseUrl } = await oursUnderWorker(['https://accounts.google.com/**']);
  const back = `${site.url}/ours.html`;
  // The page loads the worker's stand-in for Google's script, as an app's page would Google's.
  await page.addScriptTag({ url: `${baseUrl}/gsi/client` });
  const started = page.evaluate(
    ([token, base, options]) => new window.StytchB2BHeadlessClient(token, { customBaseUrl: base }).oauth.googleOneTap.start(options),
    [SEED.publicToken, baseUrl, { organization_id: SEED.globex, login_redirect_url: back }],
  );
  await page.waitForSelector('#stytch-emulator-onetap-email');
  assert.deepEqual(await started, { success: true });
  await page.fill('#stytch-emulator-onetap-email', SEED.globexMember.email);
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(back) && u.searchParams.has('token')),
    page.click('#stytch-emulator-onetap-continue'),
  ]);
  await page.waitForFunction(() => window.ready === true);
  const session = await page.evaluate(
    ([token, base]) =>
      new window.StytchB2BHeadlessClient(token, { customBaseUrl: base }).oauth.authenticate({
        oauth_token: new URL(location.href).searchParams.get('token'),
        session_duration_minutes: 60,
      }),
    [SEED.publicToken, baseUrl],
  );
  assert.equal(session.member_authenticated, true);
  assert.equal(session.member.email_address, SEED.globexMember.email);
  assert.equal(session.member_session.authentication_factors[0].delivery_method, 'oauth_google');
  assert.deepEqual(foreign, [], 'nothing went to Google');
  assert.deepEqual(errors, []);
  await context.close();
});
