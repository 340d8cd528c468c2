// dfp24 (#24): Stytch's official client against a project with DFP Protected Auth deciding and
// a challenge that triggers a captcha, in headless Chromium. Its telemetry and reCAPTCHA
// scripts come from the emulator (the browser context routes Stytch's and Google's hosts to it:
// the only change); a CHALLENGE is queued; a password login is first answered `Captcha
// required`, and Stytch's client retries it with a telemetry id and a captcha token, which the
// emulator allows. The steps are `challengedPasswordLogin` (tests/support/protected-auth.mjs),
// run on both clients: ours points at the emulator's scripts the documented way (`dfpCdnUrl`
// and `dfppaUrl` at the emulator, its reCAPTCHA stand-in on the page), with no routes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeClient, officialClientFiles, oursClientFiles } from '../support/side-by-side.mjs';
import { installCaller } from '../support/flows.mjs';
import { launchBrowser, serveFiles } from '../support/browser.mjs';
import { openConsole, sdkCall, statusSays } from '../support/console.mjs';
import {
  DECIDING_WITH_CAPTCHA,
  challengedPasswordLogin,
  queue,
  routeStytchScriptsToEmulator,
  setProtectedAuth,
} from '../support/protected-auth.mjs';
import { SEED, startEmulator } from '../support/emulator.mjs';

const sides = { emu: undefined, site: undefined, browser: undefined };
before(async () => {
  sides.emu = await startEmulator();
  sides.site = await serveFiles({ ...(await officialClientFiles()), ...oursClientFiles() });
  sides.browser = await launchBrowser();
});
after(async () => {
  await sides.browser?.close();
  sides.site?.close();
  sides.emu?.stop();
});

/** Stytch's client on its page, its DFP and captcha scripts served by the emulator. */
async function officialPage() {
  const context = await sides.browser.newContext();
  await routeStytchScriptsToEmulator(context, sides.emu);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${sides.site.url}/official.html`);
  await page.waitForFunction(() => window.ready === true);
  await makeClient(page, sides.emu);
  return { context, page, pageErrors };
}

test("Stytch's client: a challenged login is answered Captcha required, retried with a telemetry id and a captcha token, and allowed", async () => {
  await sides.emu.reset();
  await setProtectedAuth(sides.emu, DECIDING_WITH_CAPTCHA);
  const { context, page, pageErrors } = await officialPage();
  try {
    await challengedPasswordLogin({ page, emu: sides.emu });
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test("Stytch's client: a challenged login whose captcha fails gets Stytch's captcha_failed, and a blocked device is refused", async () => {
  await sides.emu.reset();
  await setProtectedAuth(sides.emu, DECIDING_WITH_CAPTCHA);
  const { context, page } = await officialPage();
  const login = () =>
    page.evaluate((args) => window.call('passwords.authenticate', args), {
      organization_id: SEED.globex,
      email_address: SEED.globexMember.email,
      password: SEED.password,
      session_duration_minutes: 60,
    });
  try {
    await queue(sides.emu, { verdicts: ['CHALLENGE'], captcha_outcomes: ['fail'] });
    const failed = await login();
    assert.equal(failed.ok, false);
    assert.equal(failed.error.error_type, 'captcha_failed', JSON.stringify(failed.error));
    await queue(sides.emu, { verdicts: ['BLOCK'] });
    const blocked = await login();
    assert.equal(blocked.ok, false);
    assert.equal(blocked.error.status_code, 401, JSON.stringify(blocked.error));
    const outcomes = (await sides.emu.requests()).filter((r) => r.protected_auth).map((r) => r.protected_auth.outcome);
    assert.deepEqual(outcomes, ['captcha_required', 'refused', 'refused']);
  } finally {
    await context.close();
  }
});

/**
 * Our client on its page, pointed at the emulator's DFP script and backend by its options and
 * with the emulator's reCAPTCHA stand-in loaded by the page; any request to Stytch's or
 * Google's hosts is refused and counted in `foreign`. `places`, if given, are the client's
 * DFP place options instead.
 */
async function oursPage(siteKey = DECIDING_WITH_CAPTCHA.captcha.site_key, places) {
  const context = await sides.browser.newContext();
  const foreign = [];
  for (const host of ['https://elements.stytch.com/**', 'https://telemetry.stytch.com/**', 'https://www.google.com/**']) {
    await context.route(host, (route) => (foreign.push(route.request().url()), route.abort()));
  }
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`${sides.site.url}/ours.html`);
  await page.waitForFunction(() => window.ready === true);
  await page.addScriptTag({ url: `${sides.emu.baseUrl}/recaptcha/enterprise.js?render=${siteKey}` });
  await page.evaluate(
    ([token, base, places]) => {
      window.client = new window.StytchB2BHeadlessClient(token, {
        endpoints: { testAPIURL: base, liveAPIURL: base },
        ...(places ?? { dfppaUrl: base, dfpCdnUrl: base }),
      });
    },
    [sides.emu.publicToken, sides.emu.baseUrl, places],
  );
  await installCaller(page);
  return { context, page, pageErrors, foreign };
}

const globexLogin = (page) =>
  page.evaluate((args) => window.call('passwords.authenticate', args), {
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });

test('our client: a challenged login is answered Captcha required, retried with a telemetry id and a captcha token, and allowed', async () => {
  await sides.emu.reset();
  await setProtectedAuth(sides.emu, DECIDING_WITH_CAPTCHA);
  const { context, page, pageErrors, foreign } = await oursPage();
  try {
    await challengedPasswordLogin({ page, emu: sides.emu });
    // A failed captcha is Stytch's error, and a blocked device is refused; the session the
    // login stored stays (a failed call drops nothing).
    await queue(sides.emu, { verdicts: ['CHALLENGE'], captcha_outcomes: ['fail'] });
    const failed = await globexLogin(page);
    assert.equal(failed.error?.error_type, 'captcha_failed', JSON.stringify(failed));
    assert.equal(failed.error.name, 'StytchAPIError');
    await queue(sides.emu, { verdicts: ['BLOCK'] });
    const blocked = await globexLogin(page);
    assert.equal(blocked.error?.status_code, 401, JSON.stringify(blocked));
    assert.ok(await page.evaluate(() => window.client.session.getTokens()?.session_token), 'the session stays');
    assert.deepEqual(foreign, [], "nothing went to Stytch's or Google's hosts");
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});

test('our client: a malformed DFP place is a StytchSDKUsageError when DFP first needs it, before the request', async () => {
  await sides.emu.reset();
  await setProtectedAuth(sides.emu, DECIDING_WITH_CAPTCHA);
  for (const [places, named] of [
    [{ dfppaUrl: 'http://' }, 'dfppaUrl'],
    [{ endpointOptions: { dfpCdnDomain: 'a b' } }, 'dfpCdnDomain'],
  ]) {
    const { context, page, pageErrors, foreign } = await oursPage(undefined, places);
    try {
      await sides.emu.clearRequests();
      const refused = await globexLogin(page);
      assert.equal(refused.error?.name, 'StytchSDKUsageError', JSON.stringify(refused));
      assert.match(refused.error.message, new RegExp(named));
      const sent = (await sides.emu.requests()).filter((r) => r.path === '/sdk/v1/b2b/passwords/authenticate');
      assert.deepEqual(sent, [], 'nothing was sent');
      assert.deepEqual(foreign, []);
      assert.deepEqual(pageErrors, []);
    } finally {
      await context.close();
    }
  }
});

test('our client: observation sends both, a captcha-only project a captcha token, and with both off nothing is added', async () => {
  const emu = sides.emu;
  const loginKeys = async () =>
    (await emu.requests()).filter((r) => r.path === '/sdk/v1/b2b/passwords/authenticate').map((r) => r.body_keys);
  const run = async (settings) => {
    await emu.reset();
    if (settings) await setProtectedAuth(emu, settings);
    const opened = await oursPage();
    try {
      await emu.clearRequests();
      const r = await globexLogin(opened.page);
      assert.ok(r.ok, JSON.stringify(r.error));
      assert.deepEqual(opened.foreign, []);
      assert.deepEqual(opened.pageErrors, []);
      return loginKeys();
    } finally {
      await opened.context.close();
    }
  };
  const sent = (keys) => ['dfp_telemetry_id', 'captcha_token'].filter((k) => keys.includes(k));
  const observing = await run({
    ...DECIDING_WITH_CAPTCHA,
    dfp_protected_auth: { enabled: true, mode: 'OBSERVATION', on_challenge: 'ALLOW' },
  });
  assert.deepEqual(observing.map(sent), [['dfp_telemetry_id', 'captcha_token']]);
  const captchaOnly = await run({
    ...DECIDING_WITH_CAPTCHA,
    dfp_protected_auth: { enabled: false, mode: 'OBSERVATION', on_challenge: 'ALLOW' },
  });
  assert.deepEqual(captchaOnly.map(sent), [['captcha_token']]);
  const off = await run(undefined);
  assert.deepEqual(off.map(sent), [[]]);
});

test("the console's switches set DFP and captcha, its buttons queue the next verdicts, and its request log shows what was decided", async () => {
  const emu = sides.emu;
  await emu.reset();
  const { page, errors, close } = await openConsole(sides);
  try {
    await page.selectOption('#dfp-mode', 'DECISIONING');
    await statusSays(page, /DFP and captcha settings saved/);
    await page.check('#dfp-enabled');
    await statusSays(page, /DFP and captcha settings saved/);
    const settings = await emu.control('GET', '/_emulator/protected_auth');
    assert.deepEqual(settings.dfp_protected_auth, { enabled: true, mode: 'DECISIONING', on_challenge: 'ALLOW' });
    await page.click('#queue-challenge');
    await statusSays(page, /next fingerprint gets CHALLENGE/);
    await page.click('#queue-captcha-fail');
    await statusSays(page, /next captcha fails/);
    assert.deepEqual(await emu.control('GET', '/_emulator/protected_auth/queue'), { verdicts: ['CHALLENGE'], captcha_outcomes: ['fail'] });
    assert.match(await page.textContent('#protected-auth-queue'), /fingerprints: CHALLENGE; captchas: fail/);
    // A protected call with the challenged telemetry id (a challenge is allowed by default).
    const submitted = await fetch(`${emu.baseUrl}/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ public_token: emu.publicToken }),
    }).then((r) => r.json());
    const login = await sdkCall(emu, 'POST', '/b2b/passwords/authenticate', {
      body: {
        organization_id: SEED.globex,
        email_address: SEED.globexMember.email,
        password: SEED.password,
        session_duration_minutes: 60,
        dfp_telemetry_id: submitted.telemetry_id,
      },
    });
    assert.equal(login.status, 200);
    await page.waitForFunction(() => document.querySelector('#requests').textContent.includes('CHALLENGE, captcha missing: allowed'));
    await page.click('#clear-protected-auth-queue');
    await statusSays(page, /Queue cleared/);
    assert.deepEqual(await emu.control('GET', '/_emulator/protected_auth/queue'), { verdicts: [], captcha_outcomes: [] });
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
