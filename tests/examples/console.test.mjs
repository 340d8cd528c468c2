// The emulator's console page driven in headless Chromium: what it shows (credentials, live
// sessions with factors, the outbox, the request log, redirect URLs) and what its buttons do
// (the clock, an organization's MFA policy, faults, revoking, reset, export to a file and
// import of it, adding and deleting redirect URLs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import stytch from 'stytch';
import { ROOT, SEED, startEmulator } from '../support/emulator.mjs';
import { launchBrowser } from '../support/browser.mjs';

const SHOTS = path.join(ROOT, 'target/screenshots');
let emu;
let browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  emu = await startEmulator();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  emu?.stop();
});

test('the console shows the emulator and drives it', async () => {
  await emu.reset();
  const b2b = new stytch.B2BClient(emu.backendConfig());
  const login = await b2b.passwords.authenticate({
    organization_id: SEED.acme,
    email_address: SEED.acmeSms.email,
    password: SEED.password,
  });
  const code = await emu.lastSmsCode(SEED.acmeSms.phone);
  await b2b.otps.sms.authenticate({
    organization_id: SEED.acme,
    member_id: SEED.acmeSms.id,
    code,
    intermediate_session_token: login.intermediate_session_token,
  });

  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(emu.baseUrl + '/');
  await page.waitForSelector('#project-secret');
  assert.equal(await page.textContent('#project-secret'), emu.secret);
  assert.equal(await page.textContent('#consumer-project-secret'), emu.consumer.secret, 'the consumer project is shown beside the B2B one');
  assert.equal(await page.textContent('#consumer-project-project_id'), emu.consumer.project_id);
  assert.match(await page.textContent('#sessions'), new RegExp(`${SEED.acmeSms.email}[\\s\\S]*knowledge[\\s\\S]*sms`));
  assert.match(await page.textContent('#outbox'), new RegExp(code));
  assert.match(await page.textContent('#requests'), /\/v1\/b2b\/otps\/sms\/authenticate[\s\S]*secret/);
  await page.screenshot({ path: path.join(SHOTS, 'console.png'), fullPage: false });
  await page.locator('#sessions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'console-activity.png') });

  // The clock.
  await page.click('#clock-plus-6m');
  await page.waitForFunction(() => /\+360 s/.test(document.querySelector('#clock').textContent));
  assert.equal((await emu.control('GET', '/_emulator/clock')).offset_seconds, 360);
  await page.click('#clock-real');
  await page.waitForFunction(() => !/real time/.test(document.querySelector('#clock').textContent));

  // Globex's policy: required, TOTP only.
  const globex = `.policy[data-org="${SEED.globex}"]`;
  await page.selectOption(`${globex} [name=mfa_policy]`, 'REQUIRED_FOR_ALL');
  await page.selectOption(`${globex} [name=mfa_methods]`, 'RESTRICTED');
  await page.check(`${globex} [value=totp]`);
  await page.waitForTimeout(2500); // a refresh passes without undoing the unsaved edit
  assert.equal(await page.inputValue(`${globex} [name=mfa_policy]`), 'REQUIRED_FOR_ALL');
  await page.click(`${globex} .save-policy`);
  await page.waitForFunction(() => /policy saved/.test(document.querySelector('#status').textContent));
  const { organization } = await b2b.organizations.get({ organization_id: SEED.globex });
  assert.deepEqual(
    [organization.mfa_policy, organization.mfa_methods, organization.allowed_mfa_methods],
    ['REQUIRED_FOR_ALL', 'RESTRICTED', ['totp']],
  );

  // A fault, listed, then cleared.
  await page.fill('#fault-path', '/b2b/otps/sms/send');
  await page.fill('#fault-status', '503');
  await page.fill('#fault-times', '2');
  await page.click('#add-fault');
  await page.waitForFunction(() => /sms\/send/.test(document.querySelector('#faults').textContent));
  assert.deepEqual(
    (await emu.control('GET', '/_emulator/faults')).faults.map((f) => [f.path, f.status, f.times]),
    [['/b2b/otps/sms/send', 503, 2]],
  );
  await page.click('#clear-faults');
  await page.waitForFunction(() => /no faults/.test(document.querySelector('#faults').textContent));

  // Export to a file, reset, import the file: the session and the policy are back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export button')]);
  const file = path.join(SHOTS, 'console-export.json');
  await download.saveAs(file);
  await page.click('#reset');
  await page.waitForFunction(() => /no live sessions/.test(document.querySelector('#sessions').textContent));
  assert.equal((await b2b.organizations.get({ organization_id: SEED.globex })).organization.mfa_policy, 'OPTIONAL');
  await page.setInputFiles('#import-file', file);
  await page.waitForFunction(() => /Imported .*1 sessions/.test(document.querySelector('#status').textContent));
  assert.equal((await b2b.organizations.get({ organization_id: SEED.globex })).organization.mfa_policy, 'REQUIRED_FOR_ALL');
  const sessions = await emu.control('GET', '/_emulator/sessions');
  assert.equal(sessions.member_sessions.length, 1);

  // Revoke it from the console.
  await page.waitForSelector('#sessions .revoke');
  await page.click('#sessions .revoke');
  await page.waitForFunction(() => /no live sessions/.test(document.querySelector('#sessions').textContent));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the console lists and edits redirect URLs, and never makes a non-http link clickable', async () => {
  await emu.reset();
  const app = 'https://app.example/authenticate';
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(emu.baseUrl + '/');
  await page.waitForFunction(() =>
    /localhost:3000\/authenticate[\s\S]*LOGIN \(default\)/.test(document.querySelector('#redirect-urls').textContent),
  );

  // Added from the console as the login default only.
  await page.fill('#redirect-url', app);
  for (const t of ['SIGNUP', 'INVITE', 'RESET_PASSWORD', 'DISCOVERY']) await page.uncheck(`.redirect-type[value=${t}]`);
  await page.check('.redirect-default[value=LOGIN]');
  await page.click('#save-redirect-url');
  await page.waitForFunction(() => /app\.example\/authenticate saved/.test(document.querySelector('#status').textContent));
  await page.waitForFunction(() => /app\.example/.test(document.querySelector('#redirect-urls').textContent));
  const listed = (await emu.control('GET', '/_emulator/redirect_urls')).redirect_urls;
  assert.deepEqual(listed.find((r) => r.url === app).valid_types, [{ type: 'LOGIN', is_default: true }]);
  // The flows follow: a magic link that names no URL goes to the new login default.
  const b2b = new stytch.B2BClient(emu.backendConfig());
  await b2b.magicLinks.email.loginOrSignup({ organization_id: SEED.globex, email_address: SEED.globexMember.email });
  const [sent] = await emu.outbox(SEED.globexMember.email);
  assert.ok(sent.magic_link_url.startsWith(`${app}?stytch_token_type=multi_tenant_magic_links&token=`), sent.magic_link_url);
  await page.screenshot({ path: path.join(SHOTS, 'console-redirect-urls.png') });

  // A refused one says why.
  await page.fill('#redirect-url', 'javascript:alert(1)');
  await page.click('#save-redirect-url');
  await page.waitForFunction(
    () => document.querySelector('#status').className === 'err' && /http or https/.test(document.querySelector('#status').textContent),
  );

  // Deleted from the console: the flows refuse it again.
  await page.click(`#redirect-urls .delete-redirect-url[data-url="${app}"]`);
  await page.waitForFunction(() => !/app\.example/.test(document.querySelector('#redirect-urls').textContent));
  await assert.rejects(
    b2b.magicLinks.email.loginOrSignup({ organization_id: SEED.globex, email_address: SEED.globexMember.email, login_redirect_url: app }),
    (e) => e.error_type === 'no_match_for_provided_magic_link_url',
  );

  // Defence in depth: an outbox link that is not http(s) (from an old state file, say) is text.
  const state = await emu.control('GET', '/_emulator/state');
  state.world.outbox.push({ ...sent, id: sent.id + 1, magic_link_url: 'javascript:alert(document.title)' });
  state.world.next_message_id = sent.id + 2;
  await emu.control('PUT', '/_emulator/state', state);
  await page.waitForFunction(() => /javascript:alert/.test(document.querySelector('#outbox').textContent));
  assert.equal(await page.locator('#outbox a[href^="javascript"]').count(), 0);
  assert.equal(await page.locator(`#outbox a[href^="${app}"]`).count(), 1, 'http(s) links stay clickable');
  assert.deepEqual(errors, []);
  await context.close();
});
