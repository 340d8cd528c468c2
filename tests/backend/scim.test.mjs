// scim24: SCIM connections and impersonation through Stytch's own Node SDK (unmodified but for
// its base URL) against the emulator: scim.connection.create/get/update/getGroups/rotateStart/
// rotateComplete/rotateCancel/delete, the SCIM 2.0 service the connection's base URL opens,
// and impersonation.authenticate with a token minted through the control API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';

const sdk = useB2BClient();

/** A SCIM 2.0 request to the connection's base URL with its bearer token. */
async function scim(baseUrl, token, method, path, body) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/scim+json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

test('scim.connection: create shows the token once; get, update, rotate and delete as the SDK models them', async () => {
  const organization_id = SEED.soylent;
  const conn = sdk.client.scim.connection;
  const created = await conn.create({ organization_id, display_name: 'Okta', identity_provider: 'okta' });
  const { connection_id, bearer_token, base_url } = created.connection;
  assert.equal(created.connection.organization_id, organization_id);
  assert.ok(base_url.endsWith(`/v1/b2b/scim/${connection_id}`), base_url);
  assert.equal((await scim(base_url, bearer_token, 'GET', '/Users')).status, 200);

  const got = (await conn.get({ organization_id })).connection;
  assert.equal(got.bearer_token_last_four, bearer_token.slice(-4));
  assert.equal(got.bearer, undefined);
  await assert.rejects(conn.create({ organization_id }), (e) => e.error_type === 'active_scim_connection_exists' && e.status_code === 400);

  const updated = await conn.update({ organization_id, connection_id, display_name: 'Okta EU' });
  assert.equal(updated.connection.display_name, 'Okta EU');

  const started = await conn.rotateStart({ organization_id, connection_id });
  const next = started.connection.next_bearer_token;
  assert.ok(next && next !== bearer_token);
  const completed = await conn.rotateComplete({ organization_id, connection_id });
  assert.equal(completed.connection.bearer_token_last_four, next.slice(-4));
  assert.equal((await scim(base_url, bearer_token, 'GET', '/Users')).status, 401, 'the old token is refused');
  await assert.rejects(
    conn.rotateCancel({ organization_id, connection_id }),
    (e) => e.error_type === 'scim_connection_not_rotating_token' && e.status_code === 400,
  );

  // Groups the identity provider pushed, as getGroups lists them.
  const group = await scim(base_url, next, 'POST', '/Groups', { displayName: 'Engineering', members: [] });
  assert.equal(group.status, 201);
  const groups = await conn.getGroups({ organization_id, connection_id, limit: 10 });
  assert.deepEqual(
    groups.scim_groups.map((g) => [g.group_id, g.group_name]),
    [[group.body.id, 'Engineering']],
  );
  const withRoles = await conn.update({
    organization_id,
    connection_id,
    scim_group_implicit_role_assignments: [{ group_id: group.body.id, role_id: 'mfa_manager', group_name: '' }],
  });
  assert.equal(withRoles.connection.scim_group_implicit_role_assignments[0].group_name, 'Engineering');

  assert.equal((await conn.delete({ organization_id, connection_id })).connection_id, connection_id);
  assert.equal((await conn.get({ organization_id })).connection, undefined);
});

test("a member the SCIM service provisions carries its registration in the SDK's member object", async () => {
  const organization_id = SEED.acme;
  const { connection } = await sdk.client.scim.connection.create({ organization_id });
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'scim.user@acme.test',
    externalId: 'okta-42',
    name: { givenName: 'Sky', familyName: 'Scim' },
    emails: [{ value: 'scim.user@acme.test', primary: true, type: 'work' }],
  };
  const created = await scim(connection.base_url, connection.bearer_token, 'POST', '/Users', user);
  assert.equal(created.status, 201);
  const { member } = await sdk.client.organizations.members.get({ organization_id, member_id: created.body.id });
  assert.equal(member.scim_registration.connection_id, connection.connection_id);
  assert.equal(member.scim_registration.external_id, 'okta-42');
  assert.equal(member.scim_registration.scim_attributes.user_name, 'scim.user@acme.test');
});

test('impersonation.authenticate answers a session whose factor says who impersonates; the token is single use', async () => {
  const minted = await sdk.emulator.control('POST', '/_emulator/impersonation_tokens', {
    organization_id: SEED.soylent,
    member_id: SEED.soylentPlain.id,
    impersonator_email_address: 'support@vendor.test',
  });
  const answer = await sdk.client.impersonation.authenticate({ impersonation_token: minted.impersonation_token });
  assert.equal(answer.member_authenticated, true);
  assert.equal(answer.member_id, SEED.soylentPlain.id);
  const [factor] = answer.member_session.authentication_factors;
  assert.equal(factor.type, 'impersonated');
  assert.equal(factor.delivery_method, 'impersonation');
  assert.equal(factor.impersonated_factor.impersonator_email_address, 'support@vendor.test');
  const session = await sdk.client.sessions.authenticate({ session_token: answer.session_token });
  assert.equal(session.member_session.authentication_factors[0].type, 'impersonated');
  await assert.rejects(
    sdk.client.impersonation.authenticate({ impersonation_token: minted.impersonation_token }),
    (e) => e.error_type === 'unable_to_auth_impersonation_token' && e.status_code === 401,
  );
});
