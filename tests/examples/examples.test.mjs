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
import stytch from 'stytch';

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
    /** A member of an organization that requires MFA signs in with the password and the SMS code sent. */
    async function signInWithSms(page, context, org, member) {
      await signIn(page, org, member.email);
      await onView(page, 'sms-code');
      await enterCode(page, await emu.lastSmsCode(member.phone));
      await expectHome(page, context, member.email);
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
      await signInWithSms(page, context, SEED.acme, SEED.acmeSms);
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

    // #22: what a B2B app has around the login. The script-tag app has the discovery login and
    // the settings page; React and Leptos (on its typed API's methods and `rbac()`) also the
    // admin page.
    async function discoveryLink(page, email) {
      await page.click('#discovery');
      await onView(page, 'discovery-email');
      await page.fill('#email', email);
      await page.click('#send-discovery');
      await onView(page, 'link-sent');
      const url = await lastLink(email, 'magic_link_url');
      assert.match(url, /stytch_token_type=discovery/);
      await page.goto(url);
      await onView(page, 'discovery');
      assert.ok(!page.url().includes('token='), 'the token left the address bar');
    }

    test('discovery login: an email link, the organization picker, then MFA where required', async () => {
      const s = await open();
      const { page, context } = s;
      await discoveryLink(page, SEED.sharedEmail);
      const picker = await page.textContent('#organizations');
      assert.match(picker, /Pied Piper[\s\S]*You are a member/);
      assert.match(picker, /Initech[\s\S]*MFA required/);
      assert.ok((await cookieMap(context))[IST], 'the discovery IST is stored');
      await shot(page, 'discovery-picker');
      // Initech requires MFA and allows only TOTP: enrolling comes before the session.
      await page.click(`.enter-org[data-org="${SEED.initech}"]`);
      await onView(page, 'enroll-choose');
      assert.equal(await page.$('#choose-sms'), null);
      await page.click('#choose-totp');
      await onView(page, 'enroll-totp');
      await enterCode(page, await totpFor((await page.textContent('#totp-secret')).trim()));
      await expectHome(page, context, SEED.sharedEmail);
      assert.match(await page.textContent('#app'), /Initech · MFA enrolled/);
      assert.match(await page.textContent('#factors'), /magic_link[\s\S]*totp/);
      await done(s);
    });

    test('discovery login: creating an organization', async () => {
      const s = await open();
      const { page, context } = s;
      await discoveryLink(page, 'founder@hooli.test');
      assert.equal(await page.locator('.enter-org').count(), 0, 'a new email belongs to no organization');
      await page.fill('#new-org-name', 'Hooli XYZ');
      await page.click('#create-org');
      await expectHome(page, context, 'founder@hooli.test');
      assert.match(await page.textContent('#app'), /Hooli XYZ/);
      if (app !== 'vanilla') {
        // Its creator is its admin (stytch_admin), which the RBAC check shows.
        await page.waitForSelector('#admin');
      }
      await shot(page, 'organization-created');
      await done(s);
    });

    test('discovery login: joining an organization open to the email domain', async () => {
      const s = await open();
      const { page, context } = s;
      await discoveryLink(page, 'new.engineer@piedpiper.test');
      assert.match(await page.textContent('#organizations'), /Pied Piper[\s\S]*can join with your email domain/);
      await page.click(`.enter-org[data-org="${SEED.piedPiper}"]`);
      await expectHome(page, context, 'new.engineer@piedpiper.test');
      assert.match(await page.textContent('#app'), /Pied Piper/);
      await done(s);
    });

    test('MFA settings: add TOTP, choose it as the default, remove the phone; the cached member follows', async () => {
      const s = await open();
      const { page, context } = s;
      await signInWithSms(page, context, SEED.acme, SEED.acmeSms);
      await page.click('#settings');
      await onView(page, 'settings');
      assert.equal(await page.textContent('#settings-phone'), SEED.acmeSms.phone);
      assert.equal(await page.textContent('#settings-totp'), 'not set up');
      assert.match(await page.textContent('#settings-default'), /sms_otp/);

      await page.click('#add-totp');
      await onView(page, 'enroll-totp');
      await enterCode(page, await totpFor((await page.textContent('#totp-secret')).trim()));
      await onView(page, 'settings');
      await page.waitForFunction(() => document.querySelector('#settings-totp')?.textContent === 'set up');

      await page.selectOption('#default-method', 'totp');
      await page.click('#save-default');
      await page.waitForFunction(() => /totp/.test(document.querySelector('#settings-default')?.textContent));
      await page.click('#remove-phone');
      await page.waitForFunction(() => document.querySelector('#settings-phone')?.textContent === 'not set up');
      assert.match(await page.textContent('#notice'), /phone number was removed/);
      await shot(page, 'mfa-settings');
      // A new phone, verified by a code, from the same page.
      await page.click('#add-phone');
      await onView(page, 'enroll-sms-phone');
      await page.fill('#phone', '+15555550188');
      await page.click('#send-code');
      await onView(page, 'sms-code');
      await enterCode(page, await emu.lastSmsCode('+15555550188'));
      await onView(page, 'settings');
      await page.waitForFunction(() => document.querySelector('#settings-phone')?.textContent === '+15555550188');
      assert.match(await page.textContent('#settings-default'), /totp/);

      // The emulator kept it: the next login asks for the authenticator app, not an SMS.
      const sent = (await emu.outbox(SEED.acmeSms.phone)).length;
      await page.click('#to-home');
      await onView(page, 'home');
      await page.click('#logout');
      await onView(page, 'login');
      await signIn(page, SEED.acme, SEED.acmeSms.email);
      await onView(page, 'totp-code');
      assert.equal((await emu.outbox(SEED.acmeSms.phone)).length, sent, 'no SMS to the removed phone');
      assert.equal((await emu.outbox('+15555550188')).length, 1, 'no SMS to the new phone either: TOTP is the default');
      await done(s);
    });

    test('signed out in another tab, the settings page becomes the sign-in page', async () => {
      const s = await open();
      const { page, context } = s;
      await signIn(page, SEED.globex, SEED.globexMember.email);
      await expectHome(page, context, SEED.globexMember.email);
      await page.click('#settings');
      await onView(page, 'settings');
      const other = await context.newPage();
      await other.goto(page.url());
      await other.waitForSelector('#app[data-view="home"]', { timeout: 10000 });
      await other.click('#logout');
      await other.waitForSelector('#app[data-view="login"]', { timeout: 10000 });
      await onView(page, 'login');
      await done(s);
    });

    if (app !== 'vanilla') {
      // What the SDK would send for the member of `context`'s session, sent by hand: the
      // emulator checks the roles itself, whatever the page shows.
      async function forced(context, method, route, body) {
        const token = (await cookieMap(context)).stytch_session.value;
        const res = await fetch(`${emu.baseUrl}/sdk/v1${route}`, {
          method,
          headers: {
            authorization: `Basic ${Buffer.from(`${SEED.publicToken}:${token}`).toString('base64')}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        });
        return { status: res.status, ...(await res.json()) };
      }
      const memberRow = (page, email) => page.locator(`#members tr[data-email="${email}"]`);

      test("admin page: the organization's MFA policy, resetting a member's MFA, an invitation", async () => {
        const s = await open();
        const { page, context } = s;
        await signIn(page, SEED.soylent, SEED.soylentAdmin.email);
        await expectHome(page, context, SEED.soylentAdmin.email);
        await page.click('#admin');
        await onView(page, 'admin');
        await memberRow(page, SEED.soylentPlain.email).waitFor();

        await page.selectOption('#mfa-policy', 'REQUIRED_FOR_ALL');
        await page.click('#save-policy');
        await page.waitForSelector('#notice');
        assert.match(await page.textContent('#notice'), /MFA policy was saved/);
        const { organizations } = await emu.control('GET', '/_emulator/organizations');
        assert.equal(organizations.find((o) => o.organization_id === SEED.soylent).mfa_policy, 'REQUIRED_FOR_ALL');

        assert.match(await memberRow(page, SEED.soylentPlain.email).textContent(), /SMS \+ TOTP/);
        await memberRow(page, SEED.soylentPlain.email).locator('.reset-mfa').click();
        await page.waitForFunction(() => /will set up MFA again/.test(document.querySelector('#notice')?.textContent));
        await memberRow(page, SEED.soylentPlain.email).locator('.reset-mfa').waitFor({ state: 'detached' });
        assert.match(await memberRow(page, SEED.soylentPlain.email).textContent(), /no second factor/);

        await page.fill('#invite-email', 'new.hire@soylent.test');
        await page.click('#send-invite');
        await page.waitForFunction(() => /Invitation sent/.test(document.querySelector('#notice')?.textContent));
        await memberRow(page, 'new.hire@soylent.test').waitFor();
        assert.match(await memberRow(page, 'new.hire@soylent.test').textContent(), /invited/);
        const invite = await lastLink('new.hire@soylent.test', 'magic_link_url');
        assert.ok(invite.startsWith(`${site.url}/${app}/`), `the invitation leads to the app: ${invite}`);
        await shot(page, 'admin');

        // The invitation's link signs the new member in (the invite becomes an active
        // membership); the policy just set asks for a second factor first.
        const invitee = await browser.newContext();
        const invitePage = await invitee.newPage();
        await invitePage.goto(invite);
        await invitePage.waitForSelector('#app[data-view="enroll-choose"]', { timeout: 10000 });
        assert.match(await invitePage.textContent('#app'), /requires a second factor/);
        await invitee.close();

        // The reset member signs in with a password only, then must enroll again (the policy
        // now requires MFA).
        await page.click('#to-home');
        await page.click('#logout');
        await onView(page, 'login');
        await signIn(page, SEED.soylent, SEED.soylentPlain.email);
        await onView(page, 'enroll-choose');
        await done(s);
      });

      test('a plain member sees no admin page, and the emulator refuses the admin calls', async () => {
        const s = await open();
        const { page, context } = s;
        await signInWithSms(page, context, SEED.soylent, SEED.soylentPlain);
        await page.waitForSelector('#member-actions[data-checked="true"]');
        assert.equal(await page.$('#admin'), null);
        const update = await forced(context, 'PUT', '/b2b/organizations/me', { mfa_policy: 'REQUIRED_FOR_ALL' });
        assert.equal(update.status, 403);
        assert.equal(update.error_type, 'session_authorization_error');
        const search = await forced(context, 'POST', '/b2b/organizations/me/members/search', { limit: 10 });
        assert.equal(search.error_type, 'session_authorization_error');
        const reset = await forced(context, 'DELETE', `/b2b/organizations/members/mfa_phone_numbers/${SEED.soylentAdmin.id}`);
        assert.equal(reset.error_type, 'session_authorization_error');
        await done(s);
      });

      test('a custom role (mfa_manager) gets only its part of the admin page', async () => {
        const s = await open();
        const { page, context } = s;
        await signIn(page, SEED.soylent, SEED.soylentManager.email);
        await expectHome(page, context, SEED.soylentManager.email);
        await page.click('#admin');
        await onView(page, 'admin');
        await memberRow(page, SEED.soylentPlain.email).locator('.reset-mfa').waitFor();
        assert.equal(await page.$('#mfa-policy'), null, 'no policy setting');
        assert.equal(await page.$('#invite-email'), null, 'no invitations');
        const update = await forced(context, 'PUT', '/b2b/organizations/me', { mfa_policy: 'REQUIRED_FOR_ALL' });
        assert.equal(update.error_type, 'session_authorization_error');
        // #24: no single sign-on or SCIM setup either, and the emulator refuses it.
        assert.equal(await page.$('#sso'), null, 'no SSO setup');
        assert.equal(await page.$('#scim'), null, 'no SCIM setup');
        const saml = await forced(context, 'POST', '/b2b/sso/saml', { display_name: 'Rogue' });
        assert.equal(saml.error_type, 'session_authorization_error');
        const scim = await forced(context, 'POST', '/b2b/scim', { display_name: 'Rogue' });
        assert.equal(scim.error_type, 'session_authorization_error');
        await done(s);
      });
    }

    if (app === 'react') {
      // #24: the organization's SSO and SCIM setup on the admin page, as the backend API then sees it.
      const backend = () => new stytch.B2BClient(emu.backendConfig());
      const notice = (page, pattern) =>
        page.waitForFunction((p) => new RegExp(p).test(document.querySelector('#notice')?.textContent), pattern.source);
      const connectionRow = (page, name) => page.locator(`#sso-connections tr[data-name="${name}"]`);

      test('admin page: SAML and OIDC connections set up, and a sign-in through one that grants a role by group', async () => {
        const s = await open();
        const { page, context } = s;
        await signIn(page, SEED.soylent, SEED.soylentAdmin.email);
        await expectHome(page, context, SEED.soylentAdmin.email);
        await page.click('#admin');
        await page.waitForSelector('#sso');

        // A SAML connection that trusts the emulator's identity provider; members of the IdP's
        // group "admins" become stytch_admin.
        await page.fill('#sso-name', 'Soylent Okta');
        await page.click('#sso-create');
        await page.waitForSelector('#sso-settings');
        assert.equal(await connectionRow(page, 'Soylent Okta').locator('.status').textContent(), 'pending');
        await page.click('#saml-use-emulator');
        await notice(page, /trusts the emulator's identity provider/);
        await page.fill('#map-groups', 'memberOf');
        await page.fill('#group-name', 'admins');
        await page.fill('#group-role', 'stytch_admin');
        await page.click('#sso-save');
        await notice(page, /Soylent Okta was saved \(active\)/);
        assert.equal(await connectionRow(page, 'Soylent Okta').locator('.status').textContent(), 'active');

        // An OIDC connection with its issuer and client.
        await page.fill('#sso-name', 'Soylent Entra');
        await page.selectOption('#sso-protocol', 'oidc');
        await page.click('#sso-create');
        await page.waitForSelector('#oidc-issuer');
        await page.fill('#oidc-issuer', 'https://login.example.test/soylent');
        await page.fill('#oidc-client-id', 'soylent-client');
        await page.click('#sso-save');
        await notice(page, /Soylent Entra was saved \(pending\)/);
        await shot(page, 'admin-sso');

        const listed = await backend().sso.getConnections({ organization_id: SEED.soylent });
        const saml = listed.saml_connections.find((c) => c.display_name === 'Soylent Okta');
        assert.equal(saml.status, 'active');
        assert.deepEqual(saml.attribute_mapping, { email: 'email', groups: 'memberOf' });
        assert.deepEqual(saml.saml_group_implicit_role_assignments, [{ group: 'admins', role_id: 'stytch_admin' }]);
        const oidc = listed.oidc_connections.find((c) => c.display_name === 'Soylent Entra');
        assert.equal(oidc.issuer, 'https://login.example.test/soylent');
        assert.equal(oidc.client_id, 'soylent-client');

        // Deleting the OIDC one.
        await connectionRow(page, 'Soylent Entra').locator('.sso-delete').click();
        await connectionRow(page, 'Soylent Entra').waitFor({ state: 'detached' });

        // Test sign-in: the emulator's identity provider asks for the mapped groups; the
        // manager, in "admins", comes back holding stytch_admin, and so sees the SSO setup.
        await Promise.all([page.waitForURL(/\/sso\/start/), connectionRow(page, 'Soylent Okta').locator('.sso-test').click()]);
        await page.fill('#choose input[name=groups]', 'admins, staff');
        await page.click(`#choose button.member[value="${SEED.soylentManager.email}"]`);
        await expectHome(page, context, SEED.soylentManager.email);
        assert.match(await page.textContent('#factors'), /sso_saml/);
        assert.match(await page.textContent('#roles'), /stytch_admin/);
        await page.click('#admin');
        await connectionRow(page, 'Soylent Okta').waitFor();
        await done(s);
      });

      test('admin page: a SCIM connection, its token shown once and rotated, and the groups its IdP pushed', async () => {
        const s = await open();
        const { page, context } = s;
        await signIn(page, SEED.soylent, SEED.soylentAdmin.email);
        await expectHome(page, context, SEED.soylentAdmin.email);
        await page.click('#admin');
        await page.waitForSelector('#scim-create');
        await page.fill('#scim-name', 'Okta provisioning');
        await page.selectOption('#scim-idp', 'okta');
        await page.click('#scim-create');
        const token = (await page.locator('#scim-token .value').textContent()).trim();
        const baseUrl = (await page.textContent('#scim-base-url')).trim();
        assert.equal((await page.textContent('#scim-last-four')).trim(), `…${token.slice(-4)}`);

        // The identity provider, with that token, pushes a group; the page lists it.
        const pushed = await fetch(`${baseUrl}/Groups`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({ displayName: 'Engineering', members: [] }),
        });
        assert.equal(pushed.status, 201);
        await page.click('#scim-refresh');
        const engineering = page.locator('#scim-groups tr[data-group="Engineering"]');
        await engineering.waitFor();
        // Its members get a role.
        await page.selectOption('#scim-group', { label: 'Engineering' });
        await page.fill('#scim-role', 'mfa_manager');
        await page.click('#scim-assign');
        await notice(page, /now hold the role/);
        assert.match(await engineering.textContent(), /mfa_manager/);

        // A rotation: the next token shows once; completing it retires the first.
        await page.click('#scim-rotate-start');
        await page.waitForSelector('#scim-rotate-complete');
        const next = (await page.locator('#scim-token .value').textContent()).trim();
        assert.notEqual(next, token);
        assert.equal((await page.textContent('#scim-next-last-four')).trim(), `…${next.slice(-4)}`);
        await page.click('#scim-rotate-complete');
        await notice(page, /next token is now the only one/);
        assert.equal((await page.textContent('#scim-last-four')).trim(), `…${next.slice(-4)}`);
        assert.equal(await page.$('#scim-token'), null, 'no token shown any more');
        await shot(page, 'admin-scim');

        const { connection } = await backend().scim.connection.get({ organization_id: SEED.soylent });
        assert.equal(connection.display_name, 'Okta provisioning');
        assert.equal(connection.identity_provider, 'okta');
        assert.equal(connection.bearer_token_last_four, next.slice(-4));
        assert.deepEqual(
          connection.scim_group_implicit_role_assignments.map((a) => [a.group_name, a.role_id]),
          [['Engineering', 'mfa_manager']],
        );

        await page.click('#scim-delete');
        await page.waitForSelector('#scim-create');
        assert.equal((await backend().scim.connection.get({ organization_id: SEED.soylent })).connection, undefined);
        await done(s);
      });
    }

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
