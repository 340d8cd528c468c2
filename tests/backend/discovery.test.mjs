// Discovery login (#22) through Stytch's own Node SDK (unmodified but for its base URL)
// against the emulator: an email proven by a discovery magic link, the organizations it can
// enter, entering one (into MFA where the organization requires it), and a new organization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';

const sdk = useB2BClient();

async function discover(email_address) {
  await sdk.client.magicLinks.email.discovery.send({ email_address });
  const [message] = (await sdk.emulator.outbox(email_address)).slice(-1);
  assert.match(message.magic_link_url, /[?&]stytch_token_type=discovery&/);
  return sdk.client.magicLinks.discovery.authenticate({ discovery_magic_links_token: message.magic_link_token });
}

test('discovery login: send, authenticate, list, exchange, create', async () => {
  const found = await discover(SEED.acmeSms.email);
  assert.equal(found.email_address, SEED.acmeSms.email);
  const [acme] = found.discovered_organizations;
  assert.equal(acme.organization.organization_id, SEED.acme);
  assert.equal(acme.membership.type, 'active_member');
  assert.ok(acme.mfa_required, 'Acme requires MFA');

  const listed = await sdk.client.discovery.organizations.list({ intermediate_session_token: found.intermediate_session_token });
  assert.deepEqual(
    listed.discovered_organizations.map((o) => o.organization.organization_id),
    [SEED.acme],
  );

  const entered = await sdk.client.discovery.intermediateSessions.exchange({
    intermediate_session_token: found.intermediate_session_token,
    organization_id: SEED.acme,
  });
  assert.equal(entered.member_authenticated, false);
  assert.equal(entered.mfa_required.secondary_auth_initiated, 'sms_otp');
  const done = await sdk.client.otps.sms.authenticate({
    organization_id: SEED.acme,
    member_id: entered.member_id,
    intermediate_session_token: entered.intermediate_session_token,
    code: await sdk.emulator.lastSmsCode(SEED.acmeSms.phone),
  });
  assert.ok(done.session_token);

  const again = await discover('founder@newco.test');
  assert.deepEqual(again.discovered_organizations, []);
  const created = await sdk.client.discovery.organizations.create({
    intermediate_session_token: again.intermediate_session_token,
    organization_name: 'NewCo',
    organization_slug: 'newco',
  });
  assert.equal(created.member_authenticated, true);
  assert.equal(created.organization.organization_slug, 'newco');
  assert.equal(created.member.is_admin, true);
  const mine = await sdk.client.discovery.organizations.list({ session_token: created.session_token });
  assert.equal(mine.discovered_organizations[0].member_authenticated, true);
  await assert.rejects(
    sdk.client.discovery.organizations.create({ intermediate_session_token: again.intermediate_session_token }),
    (e) => e.error_type === 'intermediate_session_not_found',
  );
});
