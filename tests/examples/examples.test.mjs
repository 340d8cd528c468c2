// The three example apps (React + Vite, the plain script-tag page, Leptos on the typed Rust
// API) driven through every flow
// in headless Chromium against the emulator: SMS codes come from the emulator's outbox, TOTP
// codes are computed from the secret the page shows. A screenshot of each finished screen is
// saved under target/screenshots/ for a person to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';
import { cookieMap, launchBrowser } from '../support/browser.mjs';
import { totp } from '../support/totp.mjs';
import { startServer } from '../../examples/server/server.mjs';

const SHOTS = path.join(ROOT, 'target/screenshots');
const IST = 'stytch_intermediate_session_token';
let emu;
let browser;
let site;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  emu = await startEmulator();
  site = await startServer(emu.exampleServerConfig());
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  site?.close();
  emu?.stop();
});

for (const app of ['react', 'vanilla', 'leptos']) {
  describe(`${app} example`, () => {
    async function open() {
      await emu.reset();
      const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${site.url}/${app}/?api=${encodeURIComponent(emu.baseUrl)}`);
      await onView(page, 'login');
      return { context, page, errors };
    }
    const onView = (page, view) => page.waitForSelector(`#app[data-view="${view}"]`, { timeout: 10000 });
    const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${app}-${name}.png`), fullPage: true });
    async function signIn(page, org, email) {
      await page.selectOption('#org', org);
      await page.fill('#email', email);
      await page.fill('#password', SEED.password);
      await page.click('#sign-in');
    }
    async function enterCode(page, code) {
      await page.fill('#code', code);
      await page.click('#verify');
    }
    const wrong = (code) => (code === '000000' ? '111111' : '000000');
    const totpFor = async (secret) => totp(secret, await emu.nowUnix());
    async function expectHome(page, context, email) {
      await onView(page, 'home');
      assert.equal(await page.textContent('#member-email'), email);
      const cookies = await cookieMap(context);
      assert.ok(cookies.stytch_session && cookies.stytch_session_jwt, 'session cookies set');
      assert.equal(cookies[IST], undefined, 'IST cleared');
    }
    async function done({ context, errors }) {
      assert.deepEqual(errors, []);
      await context.close();
    }

    test('required enrollment with SMS, a wrong code first', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.acme, SEED.acmeNew.email);
      await onView(page, 'enroll-choose');
      assert.ok((await cookieMap(context))[IST], 'IST stored after the password');
      await page.click('#choose-sms');
      await onView(page, 'enroll-sms-phone');
      await page.fill('#phone', '555 0177');
      await page.click('#send-code');
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /international format/);
      await page.fill('#phone', '+15555550177');
      await page.click('#send-code');
      await onView(page, 'sms-code');
      const code = await emu.lastSmsCode('+15555550177');
      await enterCode(page, wrong(code));
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /wrong or has expired/);
      assert.ok((await cookieMap(context))[IST], 'IST kept after a wrong code');
      await enterCode(page, code);
      await expectHome(page, context, SEED.acmeNew.email);
      assert.match(await page.textContent('#app'), /MFA enrolled/);
      await shot(page, 'enrolled-with-sms');
      await done(s);
    });

    test('required enrollment with TOTP: QR code, secret and recovery codes', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.acme, SEED.acmeNew.email);
      await onView(page, 'enroll-choose');
      await page.click('#choose-totp');
      await onView(page, 'enroll-totp');
      assert.ok(await page.$eval('#totp-qr', (img) => img.complete && img.naturalWidth > 100), 'the QR image renders');
      const secret = (await page.textContent('#totp-secret')).trim();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.equal(await page.locator('#recovery-codes li').count(), 10);
      await shot(page, 'totp-setup');
      const code = await totpFor(secret);
      await enterCode(page, wrong(code));
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /code is wrong/);
      await enterCode(page, code);
      await expectHome(page, context, SEED.acmeNew.email);
      assert.match(await page.textContent('#factors'), /totp/);
      await shot(page, 'enrolled-with-totp');
      await done(s);
    });

    test('returning SMS member: the code is sent on sign-in; a reload mid-flow continues', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.acme, SEED.acmeSms.email);
      await onView(page, 'sms-code');
      assert.match(await page.textContent('#app'), /\+1\*+0102/);
      const ist = (await cookieMap(context))[IST].value;
      await page.reload();
      await onView(page, 'sms-code');
      assert.equal((await cookieMap(context))[IST].value, ist, 'same IST after the reload');
      await enterCode(page, await emu.lastSmsCode(SEED.acmeSms.phone));
      await expectHome(page, context, SEED.acmeSms.email);
      await shot(page, 'signed-in-with-sms');
      await done(s);
    });

    test('returning TOTP member', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.acme, SEED.acmeTotp.email);
      await onView(page, 'totp-code');
      await enterCode(page, await totpFor(SEED.acmeTotp.secret));
      await expectHome(page, context, SEED.acmeTotp.email);
      await shot(page, 'signed-in-with-totp');
      await done(s);
    });

    test('recovery-code login', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.acme, SEED.acmeTotp.email);
      await onView(page, 'totp-code');
      await page.click('#use-recovery');
      await onView(page, 'recovery');
      await page.fill('#recovery-code', 'zzzz-zzzz-zzzz');
      await page.click('#recover');
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /recovery code is wrong/);
      await page.fill('#recovery-code', 'acme-0001-rc01');
      await page.click('#recover');
      await expectHome(page, context, SEED.acmeTotp.email);
      assert.match(await page.textContent('#notice'), /9 left/);
      await shot(page, 'signed-in-with-recovery-code');
      await done(s);
    });

    test('optional enrollment from the signed-in page (OPTIONAL organization)', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.globex, SEED.globexMember.email);
      await expectHome(page, context, SEED.globexMember.email);
      assert.match(await page.textContent('#app'), /MFA not enrolled/);
      await page.click('#add-mfa');
      await onView(page, 'enroll-choose');
      await page.click('#choose-totp');
      await onView(page, 'enroll-totp');
      const secret = (await page.textContent('#totp-secret')).trim();
      await enterCode(page, await totpFor(secret));
      await expectHome(page, context, SEED.globexMember.email);
      assert.match(await page.textContent('#app'), /MFA enrolled/);
      assert.equal(await page.$('#add-mfa'), null);
      await shot(page, 'optional-enrollment-done');
      await done(s);
    });

    test('the server does the sensitive action only after a fresh second factor', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.acme, SEED.acmeSms.email);
      await onView(page, 'sms-code');
      await enterCode(page, await emu.lastSmsCode(SEED.acmeSms.phone));
      await expectHome(page, context, SEED.acmeSms.email);
      await page.waitForFunction(() => /verified this session/.test(document.querySelector('#server-view')?.textContent));
      assert.match(await page.textContent('#server-view'), /knowledge \+ sms/);
      await page.click('#sensitive');
      await page.waitForSelector('#notice');
      assert.match(await page.textContent('#notice'), /Sensitive action done.*the server saw a second factor/);
      // Six minutes later (the emulator's clock, which the server's check follows) the SMS
      // factor is no longer fresh: the server refuses and the app asks for a new code.
      await emu.advanceClock(6 * 60);
      const sent = (await emu.outbox(SEED.acmeSms.phone)).length;
      await page.click('#sensitive');
      await onView(page, 'sms-code');
      assert.equal((await emu.outbox(SEED.acmeSms.phone)).length, sent + 1, 'a step-up code was sent');
      await enterCode(page, await emu.lastSmsCode(SEED.acmeSms.phone));
      await onView(page, 'home');
      assert.match(await page.textContent('#notice'), /Verified\. Sensitive action done/);
      await shot(page, 'step-up-done');
      await done(s);
    });

    test('a session without a second factor is refused by the server', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.globex, SEED.globexMember.email);
      await expectHome(page, context, SEED.globexMember.email);
      await page.click('#sensitive');
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /needs a second factor/);
      await done(s);
    });

    test('an expired session is explained, and logout clears everything', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.globex, SEED.globexMember.email);
      await expectHome(page, context, SEED.globexMember.email);
      await emu.advanceClock(61 * 60);
      await page.reload();
      await onView(page, 'login');
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /session has expired/);
      assert.equal((await cookieMap(context)).stytch_session, undefined);
      await shot(page, 'session-expired');

      await signIn(page, SEED.globex, SEED.globexMember.email);
      await expectHome(page, context, SEED.globexMember.email);
      await page.click('#logout');
      await onView(page, 'login');
      assert.match(await page.textContent('#notice'), /signed out/);
      const cookies = await cookieMap(context);
      assert.equal(cookies.stytch_session, undefined);
      assert.equal(cookies.stytch_session_jwt, undefined);
      assert.equal(await page.evaluate((k) => localStorage.getItem(k), `stytch_sdk_state_${SEED.publicToken}`), null);
      await shot(page, 'signed-out');
      await done(s);
    });

    // The newest emailed link of a kind ('password_reset_url' or 'magic_link_url') to `to`.
    const lastLink = async (to, field) => (await emu.outbox(to)).filter((m) => m[field]).at(-1)[field];

    test('forgot password: an emailed link, a weak then a strong password, then MFA', async () => {
      const s = await open();
      const { page, context } = s;
      await page.click('#forgot');
      await onView(page, 'forgot');
      await page.selectOption('#org', SEED.acme);
      await page.fill('#email', SEED.acmeSms.email);
      await page.click('#send-reset');
      await onView(page, 'link-sent');
      const url = await lastLink(SEED.acmeSms.email, 'password_reset_url');
      assert.ok(url.startsWith(`${site.url}/${app}/`), `the link leads back to the app: ${url}`);
      await page.goto(url);
      await onView(page, 'reset-password');
      assert.ok(!page.url().includes('token='), 'the token left the address bar');
      await page.fill('#new-password', 'weak');
      await page.click('#set-password');
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /too weak/);
      await page.fill('#new-password', 'Fresh-Password-2026');
      await page.click('#set-password');
      await onView(page, 'sms-code');
      await enterCode(page, await emu.lastSmsCode(SEED.acmeSms.phone));
      await expectHome(page, context, SEED.acmeSms.email);
      await shot(page, 'password-reset-done');
      await done(s);
    });

    test('an organization that requires an email link says so, and the link continues into MFA', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.umbrella, SEED.umbrellaMember.email);
      await onView(page, 'primary-required');
      assert.match(await page.textContent('#app'), /requires you to sign in with an email link/);
      assert.ok((await cookieMap(context))[IST], 'IST kept for the next sign-in method');
      await shot(page, 'primary-required');
      await page.click('#send-link');
      await onView(page, 'link-sent');
      await page.goto(await lastLink(SEED.umbrellaMember.email, 'magic_link_url'));
      await onView(page, 'sms-code');
      await enterCode(page, await emu.lastSmsCode(SEED.umbrellaMember.phone));
      await expectHome(page, context, SEED.umbrellaMember.email);
      assert.match(await page.textContent('#factors'), /password[\s\S]*magic_link[\s\S]*otp/);
      await done(s);
    });

    test("sign in with Google: the emulated provider, then the organization's MFA", async () => {
      const s = await open();
      const { page, context } = s;
      await page.selectOption('#org', SEED.acme);
      await Promise.all([page.waitForURL(/\/oauth\/google\/start/), page.click('#google')]);
      await shot(page, 'google-consent');
      await page.click(`button.member[value="${SEED.acmeSms.email}"]`);
      await onView(page, 'sms-code');
      assert.ok(!page.url().includes('token='), 'the token left the address bar');
      await enterCode(page, await emu.lastSmsCode(SEED.acmeSms.phone));
      await expectHome(page, context, SEED.acmeSms.email);
      assert.match(await page.textContent('#factors'), /oauth[\s\S]*oauth_google[\s\S]*otp/);
      await done(s);
    });

    test('sign in with SSO (SAML): straight into a session where MFA is optional', async () => {
      const s = await open();
      const { page, context } = s;
      await page.selectOption('#org', SEED.globex);
      await Promise.all([page.waitForURL(/\/sso\/start/), page.click('#sso')]);
      await page.click(`button.member[value="${SEED.globexMember.email}"]`);
      await expectHome(page, context, SEED.globexMember.email);
      assert.match(await page.textContent('#factors'), /sso_saml/);
      await page.click('#logout');
      await onView(page, 'login');
      // An organization without a connection says so.
      await page.selectOption('#org', SEED.initech);
      await page.click('#sso');
      await page.waitForSelector('#error');
      assert.match(await page.textContent('#error'), /no single sign-on connection/);
      await done(s);
    });

    test('a TOTP-only organization offers only TOTP', async () => {
      const s = await open();
      const { page } = s;
      await signIn(page, SEED.initech, 'restricted.member@initech.test');
      await onView(page, 'enroll-choose');
      assert.equal(await page.$('#choose-sms'), null);
      assert.ok(await page.$('#choose-totp'));
      await done(s);
    });
  });
}
