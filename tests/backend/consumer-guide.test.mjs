// Stytch's consumer MFA guide, end to end, through Stytch's own Node SDK against the
// emulator: a password login with a session, an SMS code on that session, the guide's
// authorization check (a knowledge and an SMS factor) and its step-up check (the SMS factor
// under five minutes old), which passes right after the code and fails six minutes later.
// The client holds the consumer project's keys, and refuses a B2B member's session JWT.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import stytch from 'stytch';
import { startEmulator, SEED } from '../support/emulator.mjs';
import { hasPasswordAndSms, recentFactor } from '../../examples/server/policy.mjs';

let emulator;
let client;
let b2b;
before(async () => {
  emulator = await startEmulator();
  client = new stytch.Client(emulator.consumerBackendConfig());
  b2b = new stytch.B2BClient(emulator.backendConfig());
});
after(() => emulator.stop());
beforeEach(() => emulator.reset());

const PHONE = '+15555550311';

async function passwordThenSms() {
  const login = await client.passwords.authenticate({ email: SEED.consumer.email, password: SEED.password, session_duration_minutes: 60 });
  assert.deepEqual(
    login.session.authentication_factors.map((f) => f.delivery_method),
    ['knowledge'],
  );
  assert.equal(login.user.phone_numbers.length, 0, 'the seeded consumer has no phone yet');
  const sent = await client.otps.sms.send({ phone_number: PHONE, session_token: login.session_token });
  assert.equal(sent.user_id, login.user_id);
  const code = await emulator.lastSmsCode(PHONE);
  const otp = await client.otps.authenticate({
    method_id: sent.phone_id,
    code,
    session_token: login.session_token,
    session_duration_minutes: 60,
  });
  return { login, sent, otp };
}

test('the guide end to end: both factors on one session, the phone attached and verified', async () => {
  const { login, sent, otp } = await passwordThenSms();
  assert.equal(otp.session.session_id, login.session.session_id);
  const sms = otp.session.authentication_factors.find((f) => f.delivery_method === 'sms');
  assert.equal(sms.phone_number_factor.phone_id, sent.phone_id);
  assert.equal(sms.phone_number_factor.phone_number, PHONE);
  assert.ok(otp.session_jwt && otp.session_jwt !== login.session_jwt, 'a new JWT carries the new factor');
  const user = await client.users.get({ user_id: login.user_id });
  assert.deepEqual(
    user.phone_numbers.map((p) => [p.phone_number, p.verified]),
    [[PHONE, true]],
  );
  // The JWT verifies locally with the SDK and names both factors.
  const local = await client.sessions.authenticateJwt({ session_jwt: otp.session_jwt });
  assert.deepEqual(
    local.session.authentication_factors.map((f) => f.delivery_method),
    ['knowledge', 'sms'],
  );
});

test("the guide's authorization check passes with both factors, not with the password alone", async () => {
  const login = await client.passwords.authenticate({ email: SEED.consumer.email, password: SEED.password, session_duration_minutes: 60 });
  const before = await client.sessions.authenticate({ session_token: login.session_token });
  assert.equal(hasPasswordAndSms(before.session), false);
  await emulator.reset();
  const { otp } = await passwordThenSms();
  const after = await client.sessions.authenticate({ session_token: otp.session_token });
  assert.equal(hasPasswordAndSms(after.session), true);
});

test("the guide's 5-minute step-up check passes right after the SMS and fails 6 minutes later", async () => {
  const { otp } = await passwordThenSms();
  const fresh = await client.sessions.authenticate({ session_token: otp.session_token });
  assert.deepEqual(recentFactor(fresh.session, { methods: ['sms'] }).ok, true);
  await emulator.advanceClock(6 * 60);
  const stale = await client.sessions.authenticate({ session_token: otp.session_token });
  assert.deepEqual(recentFactor(stale.session, { methods: ['sms'] }), { ok: false, reason: 'step_up_required' });
  // A new code on the same session renews it.
  const sent = await client.otps.sms.send({ phone_number: PHONE, session_token: otp.session_token });
  await client.otps.authenticate({ method_id: sent.phone_id, code: await emulator.lastSmsCode(PHONE), session_token: otp.session_token });
  const renewed = await client.sessions.authenticate({ session_token: otp.session_token });
  assert.equal(recentFactor(renewed.session, { methods: ['sms'] }).ok, true);
});

test('errors: a wrong password, a wrong code, a revoked session', async () => {
  await assert.rejects(
    client.passwords.authenticate({ email: SEED.consumer.email, password: 'not-the-password' }),
    (e) => e.status_code === 401 && e.error_type === 'unauthorized_credentials',
  );
  const { login, sent } = await passwordThenSms();
  await assert.rejects(
    client.otps.authenticate({ method_id: sent.phone_id, code: '000000' }),
    (e) => e.error_type === 'otp_code_not_found',
  );
  await client.sessions.revoke({ session_token: login.session_token });
  await assert.rejects(client.sessions.authenticate({ session_token: login.session_token }), (e) => e.error_type === 'session_not_found');
});

test("a B2B member's session JWT is not a consumer session, locally or remotely", async () => {
  assert.deepEqual(emulator.consumer, {
    project_id: SEED.consumerProject.projectId,
    public_token: SEED.consumerProject.publicToken,
    secret: SEED.consumerProject.secret,
  });
  assert.notEqual(emulator.consumer.project_id, emulator.projectId, 'two projects, as at Stytch');
  const member = await b2b.passwords.authenticate({
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  assert.ok(member.session_jwt, 'a full member session');
  // The B2B client verifies it locally; the consumer client does not (another project's key,
  // issuer and audience), and Stytch's API refuses it as a consumer session too.
  const local = await b2b.sessions.authenticateJwtLocal({ session_jwt: member.session_jwt });
  assert.equal(local.member_id, SEED.globexMember.id);
  await assert.rejects(client.sessions.authenticateJwtLocal({ session_jwt: member.session_jwt }));
  await assert.rejects(
    client.sessions.authenticateJwt({ session_jwt: member.session_jwt }),
    (e) => e.status_code === 401 && e.error_type === 'invalid_session_jwt',
  );
  // And the other way round.
  const user = await client.passwords.authenticate({ email: SEED.consumer.email, password: SEED.password, session_duration_minutes: 60 });
  assert.equal((await client.sessions.authenticateJwtLocal({ session_jwt: user.session_jwt })).user_id, user.user_id);
  await assert.rejects(b2b.sessions.authenticateJwtLocal({ session_jwt: user.session_jwt }));
});

test("each client works only with its own project's keys", async () => {
  const swapped = new stytch.Client(emulator.backendConfig());
  await assert.rejects(
    swapped.users.get({ user_id: SEED.consumer.id }),
    (e) => e.status_code === 401 && e.error_type === 'unauthorized_credentials',
  );
  const b2bWithConsumerKeys = new stytch.B2BClient(emulator.consumerBackendConfig());
  await assert.rejects(b2bWithConsumerKeys.organizations.get({ organization_id: SEED.acme }), (e) => e.status_code === 401);
});
