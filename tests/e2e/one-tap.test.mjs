// Google One Tap (onetap24, issue #24) in headless Chromium, with Stytch's official headless
// client: `oauth.googleOneTap.start` and `.discovery.start` against the emulator. Stytch's client
// loads Google's script from https://accounts.google.com/gsi/client, which is hard-coded; the
// one change here is that the browser context sends that host's /gsi/ requests to the
// emulator's /gsi/ (its stand-in script and the credential endpoint beside it). The stand-in's
// panel is filled in, the browser lands on the app's redirect URL with the token, and a fresh
// client on that page exchanges it with the PKCE verifier the start stored.
//
// The steps are `signInWithOneTap` and `exchange`, run on both clients' pages (`CLIENT_PAGES`):
// ours loads Google's script the same way when the page has no `google.accounts.id`, so the
// same route serves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { makeClient, useSideBySide } from '../support/side-by-side.mjs';
import { openConsole, sdkCall, statusSays } from '../support/console.mjs';

/** The client pages the flows run on (`/official.html`: Stytch's client, bundled; `/ours.html`: this package's). */
const CLIENT_PAGES = ['official', 'ours'];

const GOOGLE_GSI = 'https://accounts.google.com/gsi/';

const sides = useSideBySide();

/**
 * A browser context whose requests for Google Identity Services go to the emulator's stand-in
 * (Stytch's client hard-codes Google's URL), on `which` client's page with `window.client`
 * made against the emulator; uncaught page errors collect in `pageErrors`.
 */
const openClientPage = (which) =>
  sides.openClient(which, (context) =>
    context.route(`${GOOGLE_GSI}**`, async (route) => {
      const url = new URL(route.request().url());
      try {
        const response = await route.fetch({ url: `${sides.emu.baseUrl}/gsi/${url.pathname.slice('/gsi/'.length)}${url.search}` });
        await route.fulfill({ response });
      } catch (e) {
        // The context closed while the request was on its way (the test was over).
        if (!String(e).includes('disposed') && !String(e).includes('closed')) throw e;
      }
    }),
  );

const call = (page, method, args) => page.evaluate(([m, a]) => window.call(m, a), [method, args]);

/**
 * One Tap as a person uses it: `start` (`[method, args]`, e.g. `oauth.googleOneTap.start`)
 * shows the prompt, `email` is typed into the stand-in's panel and Continue is clicked; the
 * browser ends on `back` with the token. Answers the start's result and the landing URL.
 */
export async function signInWithOneTap(page, { start, email, back }) {
  const [method, args] = start;
  const started = await call(page, method, args);
  assert.ok(started.ok, `${method}: ${JSON.stringify(started.error)}`);
  assert.deepEqual(started.value, { success: true }, 'the prompt was displayed');
  const title = await page.textContent('#stytch-emulator-onetap strong');
  assert.match(title, /^Sign in to .+ with Google \(emulated\)$/);
  await page.fill('#stytch-emulator-onetap-email', email);
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(back) && u.searchParams.has('token')),
    page.click('#stytch-emulator-onetap-continue'),
  ]);
  return { started: started.value, landed: new URL(page.url()) };
}

/** On the page the redirect landed on: a fresh client exchanges the URL's token (`[method, args]` from it). */
export async function exchange(page, authenticate) {
  await page.waitForFunction(() => window.ready === true);
  await makeClient(page, sides.emu);
  const [method, args] = authenticate(new URL(page.url()).searchParams.get('token'));
  const r = await call(page, method, args);
  assert.ok(r.ok, `${method}: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** The request the emulator logged last at `path`, and its body keys. */
async function logged(path) {
  const found = (await sides.emu.requests()).filter((r) => r.path === path);
  assert.ok(found.length, `${path} was called`);
  return found.at(-1);
}

for (const which of CLIENT_PAGES) {
  test(`${which} client: oauth.googleOneTap.start signs a member in through the emulator's Google`, async () => {
    await sides.emu.reset();
    const { context, page, pageErrors } = await openClientPage(which);
    try {
      const back = `${sides.site.url}/${which}.html`;
      const { landed } = await signInWithOneTap(page, {
        start: ['oauth.googleOneTap.start', { organization_id: SEED.globex, login_redirect_url: back }],
        email: SEED.globexMember.email,
        back,
      });
      assert.equal(landed.searchParams.get('stytch_token_type'), 'oauth');
      const submit = await logged('/sdk/v1/b2b/oauth/google/onetap/submit');
      assert.ok(submit.body_keys.includes('pkce_code_challenge'), `a PKCE challenge: ${submit.body_keys}`);
      const session = await exchange(page, (token) => ['oauth.authenticate', { oauth_token: token, session_duration_minutes: 60 }]);
      assert.equal(session.member_authenticated, true);
      assert.equal(session.member.email_address, SEED.globexMember.email);
      assert.equal(session.member_session.authentication_factors[0].delivery_method, 'oauth_google');
      assert.ok((await logged('/sdk/v1/b2b/oauth/authenticate')).body_keys.includes('pkce_code_verifier'));
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test(`${which} client: oauth.googleOneTap.discovery.start answers the organizations of the Google account`, async () => {
    await sides.emu.reset();
    const { context, page, pageErrors } = await openClientPage(which);
    try {
      const back = `${sides.site.url}/${which}.html`;
      const { landed } = await signInWithOneTap(page, {
        start: ['oauth.googleOneTap.discovery.start', { discovery_redirect_url: back }],
        email: SEED.sharedEmail,
        back,
      });
      assert.equal(landed.searchParams.get('stytch_token_type'), 'discovery_oauth');
      const found = await exchange(page, (token) => ['oauth.discovery.authenticate', { discovery_oauth_token: token }]);
      assert.equal(found.email_address, SEED.sharedEmail);
      assert.deepEqual(
        found.discovered_organizations.map((o) => o.organization.organization_id).sort(),
        [SEED.initech, SEED.piedPiper].sort(),
      );
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  });

  test(`${which} client: the panel's close button or a tap outside takes the prompt away, and a project without One Tap shows none`, async () => {
    await sides.emu.reset();
    const { context, page } = await openClientPage(which);
    try {
      const start = ['oauth.googleOneTap.start', { organization_id: SEED.globex }];
      assert.deepEqual((await call(page, ...start)).value, { success: true });
      await page.click('#stytch-emulator-onetap-close');
      assert.equal(await page.locator('#stytch-emulator-onetap').count(), 0);
      // A tap elsewhere on the page takes it away too, unless the start said not to.
      assert.deepEqual((await call(page, ...start)).value, { success: true });
      await page.mouse.click(5, 5);
      assert.equal(await page.locator('#stytch-emulator-onetap').count(), 0);
      const [method, args] = start;
      assert.deepEqual((await call(page, method, { ...args, cancel_on_tap_outside: false })).value, { success: true });
      await page.mouse.click(5, 5);
      assert.equal(await page.locator('#stytch-emulator-onetap').count(), 1);

      await sides.emu.control('PUT', '/_emulator/google_one_tap', { google_client_id: '' });
      // A fresh client: Stytch's caches the client id of its first start.
      await page.reload();
      await page.waitForFunction(() => window.ready === true);
      await makeClient(page, sides.emu);
      const off = await call(page, ...start);
      assert.equal(off.ok, false);
      assert.match(off.error.message, /oauth_config_not_found/);
      assert.equal(await page.locator('#stytch-emulator-onetap').count(), 0);
    } finally {
      await context.close();
    }
  });
}

test("our client: a page that loads the emulator's /gsi/client itself needs no route, and nothing goes to Google", async () => {
  await sides.emu.reset();
  const context = await sides.browser.newContext();
  const google = [];
  await context.route('https://accounts.google.com/**', (route) => (google.push(route.request().url()), route.abort()));
  try {
    const page = await context.newPage();
    await page.goto(`${sides.site.url}/ours.html`);
    await page.waitForFunction(() => window.ready === true);
    await page.addScriptTag({ url: `${sides.emu.baseUrl}/gsi/client` });
    await makeClient(page, sides.emu);
    const back = `${sides.site.url}/ours.html`;
    const { landed } = await signInWithOneTap(page, {
      start: ['oauth.googleOneTap.start', { organization_id: SEED.globex, signup_redirect_url: back, login_redirect_url: back }],
      email: 'new.person@globex.test',
      back,
    });
    assert.equal(landed.searchParams.get('stytch_token_type'), 'oauth');
    const session = await exchange(page, (token) => ['oauth.authenticate', { oauth_token: token, session_duration_minutes: 60 }]);
    assert.equal(session.member.email_address, 'new.person@globex.test');
    // Without an organization, the start is a usage error before any request.
    await sides.emu.clearRequests();
    const bad = await call(page, 'oauth.googleOneTap.start', {});
    assert.equal(bad.error?.name, 'StytchSDKUsageError', JSON.stringify(bad));
    assert.deepEqual(await sides.emu.requests(), []);
    assert.deepEqual(google, []);
  } finally {
    await context.close();
  }
});

test("the console shows the project's Google client id and turns One Tap off and on", async () => {
  await sides.emu.reset();
  const opened = await openConsole({ browser: sides.browser, emu: sides.emu });
  try {
    const { page, errors } = opened;
    const local = 'local-google-client-id.apps.emulator.test';
    await page.waitForFunction((id) => document.querySelector('#google-client-id')?.textContent === id, local);
    assert.equal(await page.isChecked('#google-one-tap-enabled'), true);
    const start = async () => (await sdkCall(sides.emu, 'GET', '/b2b/oauth/google/onetap/start')).body.data.google_client_id;

    await page.uncheck('#google-one-tap-enabled');
    await statusSays(page, /Google One Tap off/);
    assert.equal(await start(), '');
    assert.match(await page.textContent('#google-client-id'), /One Tap is off/);

    await page.check('#google-one-tap-enabled');
    await statusSays(page, /Google One Tap on/);
    assert.equal(await start(), local);
    assert.deepEqual(errors, []);
  } finally {
    await opened.close();
  }
});
