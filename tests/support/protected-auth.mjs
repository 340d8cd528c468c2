// dfp24 (#24): DFP Protected Auth and captcha in a real page. The emulator's stand-in scripts
// play Stytch's telemetry script and Google's reCAPTCHA Enterprise script; Stytch's client
// loads them from its own hosts (it forces `https://<host>` for its DFP URLs), so a browser
// context routes those hosts to the emulator. A client that takes full URLs (ours:
// `dfpCdnUrl` / `dfppaUrl` set to the emulator's base URL, and the emulator's
// `/recaptcha/enterprise.js` on the page) needs no routes.
import assert from 'node:assert/strict';
import { SEED } from './emulator.mjs';

/** The URLs Stytch's client loads its DFP and captcha scripts from and posts telemetry to. */
export const STYTCH_SCRIPT_URLS = [
  'https://elements.stytch.com/telemetry.js',
  'https://telemetry.stytch.com/submit',
  // The script (`enterprise.js?render=<site key>`) and the call it makes beside itself.
  'https://www.google.com/recaptcha/**',
];

/** Serves `STYTCH_SCRIPT_URLS` in `context` from the emulator, at the same paths. */
export async function routeStytchScriptsToEmulator(context, emu) {
  for (const pattern of STYTCH_SCRIPT_URLS) {
    await context.route(pattern, async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${emu.baseUrl}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    });
  }
}

/** The project's settings for a challenge that triggers a captcha (the control API's shape). */
export const DECIDING_WITH_CAPTCHA = {
  dfp_protected_auth: { enabled: true, mode: 'DECISIONING', on_challenge: 'TRIGGER_CAPTCHA' },
  captcha: { enabled: true, site_key: 'site-key-e2e' },
};

/** Sets the project's DFP Protected Auth and captcha settings (before a client is made: its bootstrap reads them). */
export function setProtectedAuth(emu, settings) {
  return emu.control('PUT', '/_emulator/protected_auth', settings);
}

/** Queues the verdicts the next fingerprints get and the outcomes of the next captchas. */
export function queue(emu, { verdicts = [], captcha_outcomes = [] }) {
  return emu.control('POST', '/_emulator/protected_auth/queue', { verdicts, captcha_outcomes });
}

const LOGIN_PATH = '/sdk/v1/b2b/passwords/authenticate';

/**
 * The steps, on a page whose `window.client` (any client with Stytch's B2B headless API, made
 * against `emu` after `setProtectedAuth(emu, DECIDING_WITH_CAPTCHA)`) and `window.call`
 * (`installCaller`) are set: a CHALLENGE is queued for the page's device, then a password
 * login must succeed, and the request log must show the first call answered `Captcha
 * required` and the retry, carrying a telemetry id and a captcha token, allowed.
 */
export async function challengedPasswordLogin({ page, emu }) {
  await queue(emu, { verdicts: ['CHALLENGE'] });
  await emu.clearRequests();
  const result = await page.evaluate((args) => window.call('passwords.authenticate', args), {
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  assert.ok(result.ok, `the login failed: ${JSON.stringify(result.error)}`);
  assert.equal(result.value.member_authenticated, true);
  const logins = (await emu.requests()).filter((r) => r.path === LOGIN_PATH);
  assert.equal(logins.length, 2, `one refusal and one retry: ${JSON.stringify(logins)}`);
  const [first, retry] = logins;
  assert.equal(first.status, 403);
  assert.deepEqual(first.protected_auth, {
    dfp_mode: 'DECISIONING',
    telemetry_id: 'valid',
    verdict: 'CHALLENGE',
    captcha: 'missing',
    outcome: 'captcha_required',
  });
  assert.ok(first.body_keys.includes('dfp_telemetry_id'), `the first call carries a telemetry id: ${first.body_keys}`);
  assert.equal(retry.status, 200);
  assert.ok(retry.body_keys.includes('dfp_telemetry_id') && retry.body_keys.includes('captcha_token'), `${retry.body_keys}`);
  assert.deepEqual(retry.protected_auth, {
    dfp_mode: 'DECISIONING',
    telemetry_id: 'valid',
    verdict: 'CHALLENGE',
    captcha: 'passed',
    outcome: 'allowed',
  });
  return { first, retry };
}
