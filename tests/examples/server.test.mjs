// The example server's API over real HTTP (Stytch's Node SDK inside it, the emulator behind
// it): who may do the sensitive action and when, and the consumer example driven through
// its pages in headless Chromium.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import stytch from 'stytch';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';
import { cookieMap, launchBrowser } from '../support/browser.mjs';
import { startServer } from '../../examples/server/server.mjs';

let emu;
let site;
let b2b;
before(async () => {
  emu = await startEmulator();
  site = await startServer(emu.exampleServerConfig());
  b2b = new stytch.B2BClient(emu.backendConfig());
});
after(async () => {
  await site?.close();
  emu?.stop();
});
beforeEach(() => emu.reset());

const call = async (method, p, { jwt, origin } = {}) => {
  const headers = {};
  if (jwt) headers.cookie = `stytch_session_jwt=${jwt}`;
  if (origin) headers.origin = origin;
  const res = await fetch(site.url + p, { method, headers });
  return { status: res.status, body: await res.json() };
};

// A member session that holds an SMS factor from right now.
async function smsSession() {
  const primary = await b2b.passwords.authenticate({
    organization_id: SEED.acme,
    email_address: SEED.acmeSms.email,
    password: SEED.password,
  });
  const done = await b2b.otps.sms.authenticate({
    organization_id: SEED.acme,
    member_id: SEED.acmeSms.id,
    code: await emu.lastSmsCode(SEED.acmeSms.phone),
    intermediate_session_token: primary.intermediate_session_token,
  });
  return done.session_jwt;
}

describe('POST /api/sensitive and GET /api/me', () => {
  test('refused with no cookie, a forged JWT or garbage', async () => {
    assert.deepEqual(await call('POST', '/api/sensitive'), { status: 401, body: { error: 'unauthenticated', reason: 'no_session' } });
    assert.equal((await call('GET', '/api/me')).status, 401);
    const jwt = await smsSession();
    const [h, p, sig] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    claims.sub = SEED.acmeNew.id;
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    for (const bad of [forged, 'garbage', `${h}.${p}.`]) {
      assert.deepEqual(await call('POST', '/api/sensitive', { jwt: bad }), {
        status: 401,
        body: { error: 'unauthenticated', reason: 'invalid_session' },
      });
      assert.equal((await call('GET', '/api/me', { jwt: bad })).body.reason, 'invalid_session');
    }
  });

  test('accepted right after the second factor, refused 6 minutes later, accepted after a step-up', async () => {
    const jwt = await smsSession();
    const me = await call('GET', '/api/me', { jwt });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.factors, ['knowledge', 'sms']);
    const ok = await call('POST', '/api/sensitive', { jwt });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.member_id, SEED.acmeSms.id);

    await emu.advanceClock(6 * 60);
    const stale = await call('POST', '/api/sensitive', { jwt });
    assert.equal(stale.status, 403);
    assert.equal(stale.body.error, 'step_up_required');
    assert.equal(stale.body.reason, 'step_up_required');
    assert.equal(stale.body.max_age_seconds, 300);

    // Step up on the same session (its JWT), as the apps do through the browser SDK.
    const ids = { organization_id: SEED.acme, member_id: SEED.acmeSms.id, session_jwt: jwt };
    await b2b.otps.sms.send(ids);
    const fresh = await b2b.otps.sms.authenticate({ ...ids, code: await emu.lastSmsCode(SEED.acmeSms.phone) });
    assert.equal((await call('POST', '/api/sensitive', { jwt: fresh.session_jwt })).status, 200);
    // The old JWT names the same session, which now holds the fresh factor.
    assert.equal((await call('POST', '/api/sensitive', { jwt })).status, 200);
  });

  test('a password-only session has no second factor; an ended session is refused', async () => {
    const p = await b2b.passwords.authenticate({
      organization_id: SEED.globex,
      email_address: SEED.globexMember.email,
      password: SEED.password,
    });
    const r = await call('POST', '/api/sensitive', { jwt: p.session_jwt });
    assert.equal(r.status, 403);
    assert.equal(r.body.reason, 'second_factor_required');
    const jwt = await smsSession();
    await emu.advanceClock(61 * 60);
    assert.equal((await call('POST', '/api/sensitive', { jwt })).body.reason, 'invalid_session');
    // /api/me verifies locally first: a JWT passes until its own expiry, then the remote
    // check finds the session over. Issued 70 minutes in the past (the emulator's clock set
    // back), its 5-minute expiry and its 60-minute session are both behind us.
    await emu.reset();
    await emu.advanceClock(-70 * 60);
    const expired = await smsSession();
    await emu.advanceClock(70 * 60);
    assert.deepEqual(await call('GET', '/api/me', { jwt: expired }), {
      status: 401,
      body: { error: 'unauthenticated', reason: 'invalid_session' },
    });
  });

  test('a cookie-authenticated POST from another origin is refused', async () => {
    const jwt = await smsSession();
    const r = await call('POST', '/api/sensitive', { jwt, origin: 'http://evil.example' });
    assert.deepEqual(r, { status: 403, body: { error: 'forbidden_origin' } });
  });
});

describe('the consumer example in Chromium', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(() => browser?.close());

  test('password, a phone, the code, the protected page; step-up after 6 minutes; logout', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const onView = (view) => page.waitForSelector(`#app[data-view="${view}"]`, { timeout: 10000 });
    await page.goto(`${site.url}/consumer/`);
    await onView('login');
    await page.fill('#password', 'wrong-password');
    await page.click('#sign-in');
    await page.waitForSelector('#error');
    assert.match(await page.textContent('#error'), /do not match/);
    await page.fill('#password', SEED.password);
    await page.click('#sign-in');
    await onView('phone');
    assert.equal((await cookieMap(context)).consumer_session.httpOnly, true, 'the session token is out of reach of scripts');
    // Before the SMS factor, the server refuses the protected page.
    const refused = await page.evaluate(() => fetch('/api/consumer/protected').then((r) => r.status));
    assert.equal(refused, 403);
    const phone = '+15555550321';
    await page.fill('#phone', phone);
    await page.click('#send-code');
    await onView('code');
    await page.fill('#code', '000000' === (await emu.lastSmsCode(phone)) ? '111111' : '000000');
    await page.click('#verify');
    await page.waitForSelector('#error');
    assert.match(await page.textContent('#error'), /wrong or has expired/);
    await page.fill('#code', await emu.lastSmsCode(phone));
    await page.click('#verify');
    await onView('protected');
    assert.equal(await page.textContent('#user-email'), SEED.consumer.email);
    assert.match(await page.textContent('#factors'), /knowledge[\s\S]*sms/);
    await page.screenshot({ path: path.join(ROOT, 'target/screenshots/consumer-protected.png'), fullPage: true });

    // Six minutes on, the server asks for a new code before opening the page again.
    await emu.advanceClock(6 * 60);
    const sent = (await emu.outbox(phone)).length;
    await page.click('#reopen');
    await onView('code');
    assert.match(await page.textContent('#notice'), /confirm it is you/);
    assert.equal((await emu.outbox(phone)).length, sent + 1);
    await page.fill('#code', await emu.lastSmsCode(phone));
    await page.click('#verify');
    await onView('protected');

    // A reload keeps the session (cookie); logout ends it on the server too.
    await page.reload();
    await onView('protected');
    await page.click('#logout');
    await onView('login');
    assert.equal((await cookieMap(context)).consumer_session, undefined);
    assert.equal(await page.evaluate(() => fetch('/api/consumer/protected').then((r) => r.status)), 401);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
