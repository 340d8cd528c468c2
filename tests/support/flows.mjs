// The MFA flows, written once against the Stytch B2B headless API so that the same steps
// run with Stytch's official client and with ours. Each flow drives `window.client` in a
// real page, reads SMS codes from the emulator's outbox and computes TOTP codes itself.
import assert from 'node:assert/strict';
import { SEED } from './emulator.mjs';
import { cookieMap } from './browser.mjs';
import { totp } from './totp.mjs';

const IST_COOKIE = 'stytch_intermediate_session_token';
const SESSION_COOKIE = 'stytch_session';
const JWT_COOKIE = 'stytch_session_jwt';

/** Installs `window.call(path, args)` in the page: calls a client method, never throws. */
export async function installCaller(page) {
  await page.evaluate(() => {
    window.call = async (methodPath, args) => {
      const parts = methodPath.split('.');
      let target = window.client;
      for (const p of parts.slice(0, -1)) target = target[p];
      try {
        const value = await target[parts[parts.length - 1]](args);
        return { ok: true, value };
      } catch (e) {
        return {
          ok: false,
          error: { name: e && e.name, error_type: e && e.error_type, status_code: e && e.status_code, message: String(e && e.message) },
        };
      }
    };
  });
}

async function call(page, methodPath, args) {
  return page.evaluate(([m, a]) => window.call(m, a), [methodPath, args]);
}

async function ok(page, methodPath, args) {
  const r = await call(page, methodPath, args);
  assert.ok(r.ok, `${methodPath} failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

function wrongCode(code) {
  return code === '000000' ? '111111' : '000000';
}

/** Password, then the SMS code the emulator sent by itself; a wrong code first. */
export async function passwordThenSms({ page, context, emu }) {
  const m = SEED.acmeSms;
  const primary = await ok(page, 'passwords.authenticate', {
    organization_id: SEED.acme,
    email_address: m.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  assert.equal(primary.member_authenticated, false);
  assert.equal(primary.mfa_required.secondary_auth_initiated, 'sms_otp');
  let cookies = await cookieMap(context);
  assert.equal(cookies[IST_COOKIE]?.value, primary.intermediate_session_token, 'IST stored in its cookie');
  assert.equal(cookies[SESSION_COOKIE], undefined);

  const code = await emu.lastSmsCode(m.phone);
  const wrong = await call(page, 'otps.sms.authenticate', {
    organization_id: SEED.acme,
    member_id: m.id,
    code: wrongCode(code),
    session_duration_minutes: 60,
  });
  assert.equal(wrong.ok, false);
  assert.equal(wrong.error.error_type, 'otp_code_not_found');
  assert.equal(wrong.error.name, 'StytchAPIError');
  cookies = await cookieMap(context);
  assert.equal(cookies[IST_COOKIE]?.value, primary.intermediate_session_token, 'IST kept after a wrong code');

  const done = await ok(page, 'otps.sms.authenticate', {
    organization_id: SEED.acme,
    member_id: m.id,
    code,
    session_duration_minutes: 60,
  });
  assert.deepEqual(
    done.member_session.authentication_factors.map((f) => f.type),
    ['password', 'otp'],
  );
  cookies = await cookieMap(context);
  assert.equal(cookies[SESSION_COOKIE]?.value, done.session_token);
  assert.equal(cookies[JWT_COOKIE]?.value, done.session_jwt);
  assert.equal(cookies[IST_COOKIE], undefined, 'IST cleared once fully authenticated');
  return done;
}

/** Password, then TOTP enrollment with a code computed from the returned secret; a wrong code first. */
export async function passwordThenTotpEnrollment({ page, context, emu }) {
  const m = SEED.acmeNew;
  const primary = await ok(page, 'passwords.authenticate', {
    organization_id: SEED.acme,
    email_address: m.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  assert.equal(primary.member_authenticated, false);
  assert.equal(primary.mfa_required.member_options, null, 'must enroll first');

  const created = await ok(page, 'totp.create', { organization_id: SEED.acme, member_id: m.id });
  assert.match(created.secret, /^[A-Z2-7]+$/);
  assert.match(created.qr_code, /^data:image\/png;base64,/);
  assert.equal(created.recovery_codes.length, 10);

  const now = await emu.nowUnix();
  const code = totp(created.secret, now);
  const wrong = await call(page, 'totp.authenticate', {
    organization_id: SEED.acme,
    member_id: m.id,
    code: wrongCode(code),
    session_duration_minutes: 60,
  });
  assert.equal(wrong.ok, false);
  assert.equal(wrong.error.error_type, 'invalid_totp_code');
  assert.ok((await cookieMap(context))[IST_COOKIE], 'IST kept after a wrong code');

  const done = await ok(page, 'totp.authenticate', {
    organization_id: SEED.acme,
    member_id: m.id,
    code,
    session_duration_minutes: 60,
    set_mfa_enrollment: 'enroll',
  });
  assert.deepEqual(
    done.member_session.authentication_factors.map((f) => f.type),
    ['password', 'totp'],
  );
  assert.equal(done.member.mfa_enrolled, true);
  const cookies = await cookieMap(context);
  assert.equal(cookies[SESSION_COOKIE]?.value, done.session_token);
  assert.equal(cookies[IST_COOKIE], undefined);
  return done;
}

const NEW_PASSWORD = 'Fresh-Password-2026';

/** The newest emailed token of a kind (`password_reset_token`, `magic_link_token`) to `to`. */
async function emailedToken(emu, to, field) {
  return (await emu.outbox(to)).filter((m) => m[field]).at(-1)[field];
}

/** Forgot password: the emailed reset token, a weak password refused, a strong one into MFA. */
export async function passwordResetByEmail({ page, context, emu }) {
  const m = SEED.acmeSms;
  await ok(page, 'passwords.resetByEmailStart', {
    organization_id: SEED.acme,
    email_address: m.email,
    reset_password_redirect_url: 'http://localhost:5173/reset',
  });
  const token = await emailedToken(emu, m.email, 'password_reset_token');
  const weak = await call(page, 'passwords.resetByEmail', { password_reset_token: token, password: 'weak', session_duration_minutes: 60 });
  assert.equal(weak.ok, false);
  assert.equal(weak.error.error_type, 'weak_password');
  assert.equal((await cookieMap(context))[IST_COOKIE], undefined);
  const strength = await ok(page, 'passwords.strengthCheck', { password: NEW_PASSWORD });
  assert.equal(strength.valid_password, true);
  const reset = await ok(page, 'passwords.resetByEmail', {
    password_reset_token: token,
    password: NEW_PASSWORD,
    session_duration_minutes: 60,
  });
  assert.equal(reset.member_authenticated, false);
  assert.equal(reset.mfa_required.secondary_auth_initiated, 'sms_otp');
  assert.equal((await cookieMap(context))[IST_COOKIE]?.value, reset.intermediate_session_token, 'IST stored after the reset');
  const done = await ok(page, 'otps.sms.authenticate', {
    organization_id: SEED.acme,
    member_id: m.id,
    code: await emu.lastSmsCode(m.phone),
    session_duration_minutes: 60,
  });
  assert.deepEqual(
    done.member_session.authentication_factors.map((f) => f.type),
    ['magic_link', 'otp'],
  );
  const cookies = await cookieMap(context);
  assert.equal(cookies[SESSION_COOKIE]?.value, done.session_token);
  assert.equal(cookies[IST_COOKIE], undefined);
  return done;
}

/** A new password for the old one: straight into a session in an OPTIONAL organization. */
export async function passwordResetByExistingPassword({ page, context }) {
  const m = SEED.globexMember;
  const args = (existing) => ({
    organization_id: SEED.globex,
    email_address: m.email,
    existing_password: existing,
    new_password: NEW_PASSWORD,
    session_duration_minutes: 60,
  });
  const wrong = await call(page, 'passwords.resetByExistingPassword', args('not-the-password'));
  assert.equal(wrong.error.error_type, 'unauthorized_credentials');
  const done = await ok(page, 'passwords.resetByExistingPassword', args(SEED.password));
  assert.equal(done.member_authenticated, true);
  assert.equal((await cookieMap(context))[SESSION_COOKIE]?.value, done.session_token);
  return done;
}

/** An email-links-only organization: the password answers primary_required, the link continues into MFA. */
export async function primaryRequiredThenMagicLink({ page, context, emu }) {
  const m = SEED.umbrellaMember;
  const primary = await ok(page, 'passwords.authenticate', {
    organization_id: SEED.umbrella,
    email_address: m.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  assert.deepEqual(primary.primary_required, { allowed_auth_methods: ['magic_link'] });
  assert.equal(primary.mfa_required, null);
  assert.equal((await cookieMap(context))[IST_COOKIE]?.value, primary.intermediate_session_token);
  await ok(page, 'magicLinks.email.loginOrSignup', { organization_id: SEED.umbrella, email_address: m.email });
  const link = await ok(page, 'magicLinks.authenticate', {
    magic_links_token: await emailedToken(emu, m.email, 'magic_link_token'),
    session_duration_minutes: 60,
  });
  assert.equal(link.primary_required, null);
  assert.equal(link.mfa_required.secondary_auth_initiated, 'sms_otp');
  const done = await ok(page, 'otps.sms.authenticate', {
    organization_id: SEED.umbrella,
    member_id: m.id,
    code: await emu.lastSmsCode(m.phone),
    session_duration_minutes: 60,
  });
  assert.deepEqual(
    done.member_session.authentication_factors.map((f) => f.type),
    ['password', 'magic_link', 'otp'],
  );
  assert.equal((await cookieMap(context))[IST_COOKIE], undefined);
  return done;
}

export const FLOWS = {
  passwordThenSms,
  passwordThenTotpEnrollment,
  passwordResetByEmail,
  passwordResetByExistingPassword,
  primaryRequiredThenMagicLink,
};

/** What a client sent, reduced to what two compatible clients must agree on. */
export function requestShape(requests) {
  return requests
    .filter((r) => r.path.startsWith('/sdk/v1/b2b/'))
    .map((r) => ({
      method: r.method,
      path: r.path,
      authorization: r.authorization,
      body_keys: r.body_keys.filter((k) => !['dfp_telemetry_id', 'captcha_token'].includes(k)),
    }));
}
