// The B2B MFA guide's backend track, step by step, through Stytch's own Node SDK (unmodified
// but for its base URL) against the emulator: required enrollment by SMS and by TOTP after a
// magic link and after a password, a RESTRICTED organization, a returning login, optional
// enrollment on a session JWT, sessions.authenticateJwt locally and remotely, the Update
// Organization prerequisite, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stytch from 'stytch';
import { SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';
import { totp } from '../support/totp.mjs';

const sdk = useB2BClient();

const methods = (session) => session.authentication_factors.map((f) => f.delivery_method);

async function magicLinkLogin(organization_id, email) {
  await sdk.client.magicLinks.email.loginOrSignup({ organization_id, email_address: email });
  const [message] = (await sdk.emulator.outbox(email)).slice(-1);
  return sdk.client.magicLinks.authenticate({ magic_links_token: message.magic_link_token, session_duration_minutes: 60 });
}

const passwordLogin = (organization_id, email_address) =>
  sdk.client.passwords.authenticate({ organization_id, email_address, password: SEED.password, session_duration_minutes: 60 });

async function enrollSms(primary, phone) {
  const ids = {
    organization_id: primary.organization_id,
    member_id: primary.member_id,
    intermediate_session_token: primary.intermediate_session_token,
  };
  await sdk.client.otps.sms.send({ ...ids, mfa_phone_number: phone });
  return sdk.client.otps.sms.authenticate({ ...ids, code: await sdk.emulator.lastSmsCode(phone), set_mfa_enrollment: 'enroll' });
}

async function enrollTotp(primary) {
  const ids = {
    organization_id: primary.organization_id,
    member_id: primary.member_id,
    intermediate_session_token: primary.intermediate_session_token,
  };
  const created = await sdk.client.totps.create(ids);
  assert.equal(created.recovery_codes.length, 10);
  const code = totp(created.secret, await sdk.emulator.nowUnix());
  return sdk.client.totps.authenticate({ ...ids, code, set_mfa_enrollment: 'enroll' });
}

test('prerequisite: the Update Organization API sets the MFA policy', async () => {
  const { organization } = await sdk.client.organizations.update({ organization_id: SEED.globex, mfa_policy: 'REQUIRED_FOR_ALL' });
  assert.equal(organization.mfa_policy, 'REQUIRED_FOR_ALL');
  assert.equal((await sdk.client.organizations.get({ organization_id: SEED.globex })).organization.mfa_policy, 'REQUIRED_FOR_ALL');
  const r = await passwordLogin(SEED.globex, SEED.globexMember.email);
  assert.equal(r.member_authenticated, false, 'the policy applies at the next login');
  assert.ok(r.intermediate_session_token);
});

test('required enrollment by SMS after a magic link', async () => {
  const primary = await magicLinkLogin(SEED.acme, SEED.acmeNew.email);
  assert.equal(primary.member_authenticated, false);
  assert.equal(primary.mfa_required.member_options, null, 'nothing enrolled yet');
  const done = await enrollSms(primary, '+15555550181');
  assert.deepEqual(methods(done.member_session), ['email', 'sms']);
  assert.equal(done.member.mfa_enrolled, true);
  assert.equal(done.member.mfa_phone_number_verified, true);
});

test('required enrollment by TOTP after a password', async () => {
  const primary = await passwordLogin(SEED.acme, SEED.acmeNew.email);
  assert.equal(primary.member_authenticated, false);
  const done = await enrollTotp(primary);
  assert.deepEqual(methods(done.member_session), ['knowledge', 'authenticator_app']);
  assert.ok(done.member.totp_registration_id);
});

test('required enrollment by TOTP after a magic link, by SMS after a password', async () => {
  const a = await enrollTotp(await magicLinkLogin(SEED.acme, SEED.acmeNew.email));
  assert.deepEqual(methods(a.member_session), ['email', 'authenticator_app']);
  await sdk.emulator.reset();
  const b = await enrollSms(await passwordLogin(SEED.acme, SEED.acmeNew.email), '+15555550182');
  assert.deepEqual(methods(b.member_session), ['knowledge', 'sms']);
});

test('a RESTRICTED organization refuses SMS and accepts TOTP', async () => {
  const primary = await passwordLogin(SEED.initech, 'restricted.member@initech.test');
  const { organization } = await sdk.client.organizations.get({ organization_id: SEED.initech });
  assert.equal(organization.mfa_methods, 'RESTRICTED');
  assert.deepEqual(organization.allowed_mfa_methods, ['totp']);
  await assert.rejects(
    sdk.client.otps.sms.send({
      organization_id: SEED.initech,
      member_id: primary.member_id,
      mfa_phone_number: '+15555550183',
      intermediate_session_token: primary.intermediate_session_token,
    }),
    (e) => e.status_code === 403 && e.error_type === 'mfa_method_not_allowed',
  );
  const done = await enrollTotp(primary);
  assert.deepEqual(methods(done.member_session), ['knowledge', 'authenticator_app']);
});

test('a returning member: the SMS code is sent at login, then authenticated', async () => {
  const primary = await passwordLogin(SEED.acme, SEED.acmeSms.email);
  assert.equal(primary.mfa_required.secondary_auth_initiated, 'sms_otp');
  assert.ok(primary.mfa_required.member_options.mfa_phone_number);
  const code = await sdk.emulator.lastSmsCode(SEED.acmeSms.phone);
  const done = await sdk.client.otps.sms.authenticate({
    organization_id: SEED.acme,
    member_id: SEED.acmeSms.id,
    code,
    intermediate_session_token: primary.intermediate_session_token,
  });
  assert.deepEqual(methods(done.member_session), ['knowledge', 'sms']);
});

test('optional enrollment on a session JWT with set_mfa_enrollment, then MFA at the next login', async () => {
  const first = await passwordLogin(SEED.globex, SEED.globexMember.email);
  assert.equal(first.member_authenticated, true, 'an OPTIONAL organization signs the member straight in');
  const ids = { organization_id: SEED.globex, member_id: SEED.globexMember.id, session_jwt: first.session_jwt };
  await sdk.client.otps.sms.send({ ...ids, mfa_phone_number: '+15555550184' });
  const enrolled = await sdk.client.otps.sms.authenticate({
    ...ids,
    code: await sdk.emulator.lastSmsCode('+15555550184'),
    set_mfa_enrollment: 'enroll',
  });
  assert.equal(enrolled.member.mfa_enrolled, true);
  assert.equal(enrolled.member_session.member_session_id, first.member_session.member_session_id, 'the factor joins the session');
  const next = await passwordLogin(SEED.globex, SEED.globexMember.email);
  assert.equal(next.member_authenticated, false);
  assert.equal(next.mfa_required.secondary_auth_initiated, 'sms_otp');
});

test('sessions.authenticateJwt verifies locally and remotely', async () => {
  const done = await enrollSms(await passwordLogin(SEED.acme, SEED.acmeNew.email), '+15555550185');
  await sdk.emulator.clearRequests();
  const local = await sdk.client.sessions.authenticateJwt({ session_jwt: done.session_jwt });
  assert.equal(local.member_session.member_id, SEED.acmeNew.id);
  assert.deepEqual(methods(local.member_session), ['knowledge', 'sms']);
  const calls = (await sdk.emulator.requests()).map((r) => r.path);
  assert.ok(!calls.includes('/v1/b2b/sessions/authenticate'), `verified locally (only the JWKS fetched): ${calls}`);
  // max_token_age_seconds: 0 forces the remote call.
  const remote = await sdk.client.sessions.authenticateJwt({ session_jwt: done.session_jwt, max_token_age_seconds: 0 });
  assert.equal(remote.member.member_id, SEED.acmeNew.id);
  assert.ok((await sdk.emulator.requests()).some((r) => r.path === '/v1/b2b/sessions/authenticate'));
  // Revoked: the remote check refuses it (a local one would still pass until the JWT expires).
  await sdk.client.sessions.revoke({ session_jwt: done.session_jwt });
  await assert.rejects(sdk.client.sessions.authenticate({ session_jwt: done.session_jwt }), (e) => e.error_type === 'session_not_found');
});

test('errors: a wrong code, a reused IST, a wrong secret', async () => {
  const primary = await passwordLogin(SEED.acme, SEED.acmeSms.email);
  const ids = { organization_id: SEED.acme, member_id: SEED.acmeSms.id, intermediate_session_token: primary.intermediate_session_token };
  await assert.rejects(
    sdk.client.otps.sms.authenticate({ ...ids, code: '000000' }),
    (e) => e.status_code === 404 && e.error_type === 'otp_code_not_found',
  );
  await sdk.client.otps.sms.authenticate({ ...ids, code: await sdk.emulator.lastSmsCode(SEED.acmeSms.phone) });
  await sdk.client.otps.sms
    .send({
      organization_id: SEED.acme,
      member_id: SEED.acmeSms.id,
      session_jwt: undefined,
      intermediate_session_token: primary.intermediate_session_token,
    })
    .then(
      () => assert.fail('a spent IST must not authorise another step'),
      (e) => assert.equal(e.error_type, 'intermediate_session_not_found'),
    );
  const wrong = new stytch.B2BClient({ ...sdk.emulator.backendConfig(), secret: 'secret-test-not-the-secret-at-all' });
  await assert.rejects(
    wrong.organizations.get({ organization_id: SEED.acme }),
    (e) => e.status_code === 401 && e.error_type === 'unauthorized_credentials',
  );
});
