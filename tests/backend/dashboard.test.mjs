// An app's organization dashboard (#22) through Stytch's own Node SDK (unmodified but for its
// base URL) against the emulator: organizations.members.search with a query and pages, and
// sso.getConnections for an OIDC and a SAML organization.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';

const sdk = useB2BClient();

test('organizations.members.search filters and pages through the members', async () => {
  const found = await sdk.client.organizations.members.search({
    organization_ids: [SEED.acme, SEED.globex],
    query: { operator: 'AND', operands: [{ filter_name: 'member_email_fuzzy', filter_value: 'sms.member' }] },
  });
  assert.deepEqual(
    found.members.map((m) => m.email_address),
    [SEED.acmeSms.email],
  );
  assert.deepEqual(Object.keys(found.organizations), [SEED.acme]);
  assert.equal(found.results_metadata.total, 1);

  const seen = [];
  let cursor;
  do {
    const page = await sdk.client.organizations.members.search({ organization_ids: [SEED.acme], limit: 2, cursor });
    assert.equal(page.results_metadata.total, 3);
    seen.push(...page.members.map((m) => m.member_id));
    cursor = page.results_metadata.next_cursor ?? undefined;
  } while (cursor);
  assert.deepEqual(seen, [SEED.acmeNew.id, SEED.acmeSms.id, SEED.acmeTotp.id].sort());

  await assert.rejects(
    sdk.client.organizations.members.search({
      organization_ids: [SEED.acme],
      query: { operator: 'AND', operands: [{ filter_name: 'member_shoe_size', filter_value: '42' }] },
    }),
    (e) => e.status_code === 400 && e.error_type === 'invalid_search_filter',
  );
});

test('sso.getConnections lists an organization’s connections by protocol', async () => {
  const globex = await sdk.client.sso.getConnections({ organization_id: SEED.globex });
  assert.deepEqual(
    globex.saml_connections.map((c) => c.connection_id),
    [SEED.globexSaml],
  );
  assert.deepEqual(globex.oidc_connections, []);
  assert.deepEqual(globex.external_connections, []);
  const acme = await sdk.client.sso.getConnections({ organization_id: SEED.acme });
  assert.deepEqual(
    acme.oidc_connections.map((c) => [c.organization_id, c.display_name, c.status]),
    [[SEED.acme, 'Acme Okta', 'active']],
  );
  assert.deepEqual(acme.saml_connections, []);
  await assert.rejects(
    sdk.client.sso.getConnections({ organization_id: 'organization-test-nowhere' }),
    (e) => e.status_code === 404 && e.error_type === 'organization_not_found',
  );
});
