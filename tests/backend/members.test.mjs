// Organizations and members (#22) through Stytch's own Node SDK (unmodified but for its base
// URL) against the emulator: organizations.get/update/delete with the MFA policy fields, and
// organizations.members.create/get/update/delete/reactivate, deleteMFAPhoneNumber, deleteTOTP
// and deletePassword.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';
import { PROFILE, partnerToken, setProfile } from '../support/trusted-tokens.mjs';

const sdk = useB2BClient();

test('organizations.update sets the MFA policy as Stytch validates it, and delete removes the organization', async () => {
  const organization_id = SEED.soylent;
  const { organization } = await sdk.client.organizations.update({
    organization_id,
    mfa_policy: 'REQUIRED_FOR_ALL',
    mfa_methods: 'RESTRICTED',
    allowed_mfa_methods: ['totp'],
  });
  assert.equal(organization.mfa_policy, 'REQUIRED_FOR_ALL');
  assert.deepEqual(organization.allowed_mfa_methods, ['totp']);
  assert.deepEqual(organization.rbac_email_implicit_role_assignments, [{ domain: 'soylent.test', role_id: 'employee' }]);
  await assert.rejects(
    sdk.client.organizations.update({ organization_id, allowed_mfa_methods: [] }),
    (e) => e.error_type === 'allowed_mfa_methods_required_for_restricted' && e.status_code === 400,
  );
  assert.equal((await sdk.client.organizations.get({ organization_id })).organization.mfa_methods, 'RESTRICTED');
  const deleted = await sdk.client.organizations.delete({ organization_id });
  assert.equal(deleted.organization_id, organization_id);
  await assert.rejects(sdk.client.organizations.get({ organization_id }), (e) => e.error_type === 'organization_not_found');
});

test('organizations.members: create, update, delete, reactivate', async () => {
  const organization_id = SEED.soylent;
  const created = await sdk.client.organizations.members.create({
    organization_id,
    email_address: 'new.hire@soylent.test',
    name: 'Nia New',
    roles: ['mfa_manager'],
  });
  const member_id = created.member_id;
  assert.deepEqual(
    created.member.roles.map((r) => [r.role_id, r.sources[0].type]),
    [
      ['stytch_member', 'direct_assignment'],
      ['mfa_manager', 'direct_assignment'],
      ['employee', 'email_assignment'],
    ],
  );
  const updated = await sdk.client.organizations.members.update({
    organization_id,
    member_id,
    name: 'Nia N.',
    mfa_enrolled: true,
    default_mfa_method: 'totp',
  });
  assert.equal(updated.member.name, 'Nia N.');
  assert.equal(updated.member.default_mfa_method, 'totp');
  assert.equal((await sdk.client.organizations.members.delete({ organization_id, member_id })).member_id, member_id);
  await assert.rejects(sdk.client.organizations.members.get({ organization_id, member_id }), (e) => e.error_type === 'member_not_found');
  const back = await sdk.client.organizations.members.reactivate({ organization_id, member_id });
  assert.equal(back.member.status, 'active');
  assert.equal(
    (await sdk.client.organizations.members.get({ organization_id, email_address: 'new.hire@soylent.test' })).member_id,
    member_id,
  );
});

test("organizations.members resets a member's phone, TOTP and password", async () => {
  const organization_id = SEED.soylent;
  const member_id = SEED.soylentPlain.id;
  const phone = await sdk.client.organizations.members.deleteMFAPhoneNumber({ organization_id, member_id });
  assert.equal(phone.member.mfa_phone_number, '');
  assert.equal(phone.member.mfa_phone_number_verified, false);
  const totp = await sdk.client.organizations.members.deleteTOTP({ organization_id, member_id });
  assert.equal(totp.member.totp_registration_id, '');
  await assert.rejects(
    sdk.client.organizations.members.deleteTOTP({ organization_id, member_id }),
    (e) => e.error_type === 'totp_not_found' && e.status_code === 404,
  );
  const member_password_id = (await sdk.client.organizations.members.get({ organization_id, member_id })).member.member_password_id;
  const password = await sdk.client.organizations.members.deletePassword({ organization_id, member_password_id });
  assert.equal(password.member.member_password_id, '');
  await assert.rejects(
    sdk.client.organizations.members.deletePassword({ organization_id, member_password_id }),
    (e) => e.error_type === 'member_password_not_found',
  );
});

test("a member session passed as the SDK's authorization option runs the call with that member's roles", async () => {
  const organization_id = SEED.soylent;
  const login = await sdk.client.passwords.authenticate({
    organization_id,
    email_address: SEED.soylentManager.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  const asManager = { authorization: { session_token: login.session_token } };
  const member_id = SEED.soylentPlain.id;
  const reset = await sdk.client.organizations.members.deleteMFAPhoneNumber({ organization_id, member_id }, asManager);
  assert.equal(reset.member.mfa_phone_number, '');
  await assert.rejects(
    sdk.client.organizations.members.delete({ organization_id, member_id }, asManager),
    (e) => e.error_type === 'session_authorization_error' && e.status_code === 403,
  );
  await assert.rejects(
    sdk.client.organizations.update(
      { organization_id, mfa_policy: 'REQUIRED_FOR_ALL' },
      { authorization: { session_jwt: login.session_jwt } },
    ),
    (e) => e.error_type === 'session_authorization_error',
  );
});

// rest22: email updates, retired emails, and the two session calls the emulator refuses.
test("organizations.members: startEmailUpdate's link changes the email, the old one is retired until unlinkRetiredEmail", async () => {
  const organization_id = SEED.soylent;
  const { id: member_id, email: old } = SEED.soylentAdmin;
  const started = await sdk.client.organizations.members.startEmailUpdate({
    organization_id,
    member_id,
    email_address: 'ada@moved.test',
    delivery_method: 'EMAIL_MAGIC_LINK',
  });
  assert.equal(started.member.email_address, old, 'unchanged until the link is used');
  const [link] = (await sdk.emulator.outbox('ada@moved.test')).slice(-1);
  const login = await sdk.client.magicLinks.authenticate({ magic_links_token: link.magic_link_token, session_duration_minutes: 60 });
  assert.equal(login.member.email_address, 'ada@moved.test');
  assert.deepEqual(
    login.member.retired_email_addresses.map((r) => r.email_address),
    [old],
  );
  await assert.rejects(
    sdk.client.organizations.members.update({ organization_id, member_id: SEED.soylentPlain.id, email_address: old }),
    (e) => e.error_type === 'desired_email_deactivated_by_different_member' && e.status_code === 400,
  );
  const unlinked = await sdk.client.organizations.members.unlinkRetiredEmail({ organization_id, member_id, email_address: old });
  assert.equal(unlinked.organization_id, organization_id);
  assert.deepEqual(unlinked.member.retired_email_addresses, []);
  const moved = await sdk.client.organizations.members.update({ organization_id, member_id: SEED.soylentPlain.id, email_address: old });
  assert.equal(moved.member.email_address, old);
  assert.equal(moved.member.retired_email_addresses[0].email_address, SEED.soylentPlain.email);
});

test('sessions.exchangeAccessToken and sessions.attest answer Stytch’s errors for a token and a profile the emulator does not know', async () => {
  await assert.rejects(
    sdk.client.sessions.exchangeAccessToken({ access_token: 'eyJ.not.issued', session_duration_minutes: 60 }),
    (e) => e.error_type === 'oauth_access_token_exchange_token_invalid_grant' && e.status_code === 400,
  );
  await assert.rejects(
    sdk.client.sessions.attest({ profile_id: 'trusted-auth-token-profile-test-none', token: 'eyJ.a.b', organization_id: SEED.soylent }),
    (e) => e.error_type === 'trusted_token_profile_not_found' && e.status_code === 404,
  );
});

test('sessions.attest: a token the trusted auth token profile accepts becomes a session, once', async () => {
  await setProfile(sdk.emulator);
  const { id, email } = SEED.globexMember;
  const token = await partnerToken(sdk.emulator, email, SEED.globex, 'node-1');
  const attested = await sdk.client.sessions.attest({ profile_id: PROFILE.profile_id, token, session_duration_minutes: 60 });
  assert.equal(attested.member_id, id);
  assert.deepEqual(
    attested.member_session.authentication_factors.map((f) => [f.type, f.delivery_method]),
    [['trusted_auth_token', 'trusted_token_exchange']],
  );
  assert.equal((await sdk.client.sessions.authenticate({ session_token: attested.session_token })).member.member_id, id);
  await assert.rejects(
    sdk.client.sessions.attest({ profile_id: PROFILE.profile_id, token }),
    (e) => e.error_type === 'invalid_trusted_auth_token' && e.status_code === 401,
  );
});
