// The authentication flows of #22 through Stytch's own Node SDK (unmodified but for its base
// URL) against the emulator: email OTP (an organization's login and discovery), session
// exchange into MFA, revoking a member's sessions, invites, password discovery and the
// reset by session, each answer read through the SDK's own request and response code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';

const sdk = useB2BClient();

async function lastEmail(to) {
  const [message] = (await sdk.emulator.outbox(to)).slice(-1);
  assert.ok(message, `an email to ${to}`);
  return message;
}

test('email OTP: login or sign up, then authenticate, on an organization and by discovery', async () => {
  const sent = await sdk.client.otps.email.loginOrSignup({ organization_id: SEED.globex, email_address: SEED.globexMember.email });
  assert.equal(sent.member_created, false);
  const { code } = await lastEmail(SEED.globexMember.email);
  const done = await sdk.client.otps.email.authenticate({
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    code,
    session_duration_minutes: 60,
  });
  assert.equal(done.member_authenticated, true);
  assert.equal(done.member_session.authentication_factors[0].type, 'email_otp');
  await assert.rejects(
    sdk.client.otps.email.authenticate({ organization_id: SEED.globex, email_address: SEED.globexMember.email, code }),
    (e) => e.error_type === 'otp_code_not_found',
  );

  await sdk.client.otps.email.discovery.send({ email_address: SEED.sharedEmail });
  const found = await sdk.client.otps.email.discovery.authenticate({
    email_address: SEED.sharedEmail,
    code: (await lastEmail(SEED.sharedEmail)).code,
  });
  assert.deepEqual(found.discovered_organizations.map((o) => o.organization.organization_id).sort(), [SEED.initech, SEED.piedPiper].sort());
});

test('sessions.exchange answers mfa_required where the organization requires MFA', async () => {
  const login = await sdk.client.passwords.authenticate({
    organization_id: SEED.piedPiper,
    email_address: SEED.sharedEmail,
    password: SEED.password,
  });
  assert.ok(login.session_token, 'Pied Piper needs no MFA');
  const exchanged = await sdk.client.sessions.exchange({ organization_id: SEED.initech, session_token: login.session_token });
  assert.equal(exchanged.member_authenticated, false);
  assert.ok(exchanged.intermediate_session_token);
  assert.ok(exchanged.mfa_required);
  assert.equal(exchanged.organization.organization_id, SEED.initech);

  // A member's sessions revoked by id, on the backend API.
  await sdk.client.sessions.revoke({ member_id: login.member_id });
  await assert.rejects(
    sdk.client.sessions.authenticate({ session_token: login.session_token }),
    (e) => e.error_type === 'session_not_found',
  );
});

test('an invite makes an invited member whose link makes them active', async () => {
  const invited = await sdk.client.magicLinks.email.invite({ organization_id: SEED.globex, email_address: 'invitee@globex.test' });
  assert.equal(invited.member.status, 'invited');
  const message = await lastEmail('invitee@globex.test');
  const accepted = await sdk.client.magicLinks.authenticate({ magic_links_token: message.magic_link_token });
  assert.equal(accepted.member.status, 'active');
  assert.equal(accepted.member_id, invited.member_id);
  await assert.rejects(
    sdk.client.magicLinks.email.invite({ organization_id: SEED.globex, email_address: 'invitee@globex.test' }),
    (e) => e.error_type === 'duplicate_email',
  );
});

test('password discovery and the reset by session', async () => {
  const found = await sdk.client.passwords.discovery.authenticate({ email_address: SEED.sharedEmail, password: SEED.password });
  assert.equal(found.discovered_organizations.length, 2);

  await sdk.client.passwords.discovery.email.resetStart({ email_address: SEED.sharedEmail });
  const reset = await sdk.client.passwords.discovery.email.reset({
    password_reset_token: (await lastEmail(SEED.sharedEmail)).password_reset_token,
    password: 'a-much-Stronger-passphrase-2026',
  });
  assert.ok(reset.intermediate_session_token);

  const login = await sdk.client.passwords.authenticate({
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
  });
  const changed = await sdk.client.passwords.sessions.reset({
    organization_id: SEED.globex,
    password: 'another-Stronger-passphrase-2026',
    session_token: login.session_token,
  });
  assert.equal(changed.member_authenticated, true);
  assert.equal(changed.session_token, login.session_token);
});
