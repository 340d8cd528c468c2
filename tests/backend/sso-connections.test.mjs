// SSO connection management (sso24, #24) through Stytch's own Node SDK (unmodified but for its
// base URL) against the emulator: sso.saml.*, sso.oidc.*, sso.external.* and
// sso.deleteConnection, each answer read through the SDK, refusals by status and error type,
// and RBAC when a member session rides along (`options.authorization`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';

const sdk = useB2BClient();
const CERTIFICATE = readFileSync(path.join(ROOT, 'emulator/core/src/local_idp.pem'), 'utf8');
const refused = (status, type) => (e) => e.status_code === status && e.error_type === type;

test('a SAML connection: created, read from the local metadata URL, mapped, its keys deleted, deleted', async () => {
  const saml = sdk.client.sso.saml;
  const { connection } = await saml.createConnection({ organization_id: SEED.soylent, display_name: 'Okta', identity_provider: 'okta' });
  assert.equal(connection.status, 'pending');
  const ids = { organization_id: SEED.soylent, connection_id: connection.connection_id };
  await assert.rejects(
    saml.updateByURL({ ...ids, metadata_url: 'http://169.254.169.254/latest/meta-data/' }),
    refused(400, 'invalid_saml_metadata_url'),
  );
  const metadata_url = `${sdk.emulator.baseUrl}/v1/b2b/public/idp/saml/metadata`;
  const read = await saml.updateByURL({ ...ids, metadata_url });
  assert.equal(read.connection.idp_entity_id, `${sdk.emulator.baseUrl}/v1/b2b/public/idp/saml`);
  assert.equal(read.connection.verification_certificates.length, 1);

  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
  const updated = await saml.updateConnection({
    ...ids,
    attribute_mapping: { email: 'NameID', groups: 'memberOf' },
    saml_group_implicit_role_assignments: [{ role_id: 'mfa_manager', group: 'security' }],
    saml_encryption_private_key: key,
    x509_certificate: CERTIFICATE,
  });
  assert.equal(updated.connection.status, 'active');
  assert.deepEqual(updated.connection.saml_group_implicit_role_assignments, [{ role_id: 'mfa_manager', group: 'security' }]);
  assert.equal(updated.connection.verification_certificates.length, 1, 'the same certificate is not added twice');
  const [privateKey] = updated.connection.encryption_private_keys;
  const deletedKey = await saml.deleteEncryptionPrivateKey({ ...ids, private_key_id: privateKey.private_key_id });
  assert.equal(deletedKey.private_key_id, privateKey.private_key_id);
  const [certificate] = updated.connection.verification_certificates;
  await assert.rejects(
    saml.deleteVerificationCertificate({ ...ids, certificate_id: certificate.certificate_id }),
    refused(400, 'cannot_delete_last_sso_verification_key'),
  );

  const listed = await sdk.client.sso.getConnections({ organization_id: SEED.soylent });
  assert.deepEqual(listed.saml_connections[0].encryption_private_keys, []);
  const deleted = await sdk.client.sso.deleteConnection(ids);
  assert.equal(deleted.connection_id, connection.connection_id);
  await assert.rejects(sdk.client.sso.deleteConnection(ids), refused(404, 'sso_connection_not_found'));
});

test('OIDC and external connections', async () => {
  const { connection } = await sdk.client.sso.oidc.createConnection({ organization_id: SEED.soylent, display_name: 'OIDC' });
  const ids = { organization_id: SEED.soylent, connection_id: connection.connection_id };
  await assert.rejects(
    sdk.client.sso.oidc.updateConnection({ ...ids, token_url: 'not a url' }),
    refused(400, 'oidc_connection_token_url_invalid_format'),
  );
  const base = 'https://idp.example.com';
  const updated = await sdk.client.sso.oidc.updateConnection({
    ...ids,
    client_id: 'client',
    client_secret: 'secret',
    issuer: base,
    authorization_url: `${base}/authorize`,
    token_url: `${base}/token`,
    userinfo_url: `${base}/userinfo`,
    jwks_url: `${base}/jwks`,
  });
  assert.equal(updated.connection.status, 'active');
  assert.match(updated.warning, /discovery/);

  const shared = await sdk.client.sso.external.createConnection({
    organization_id: SEED.soylent,
    external_organization_id: SEED.globex,
    external_connection_id: SEED.globexSaml,
    connection_implicit_role_assignments: [{ role_id: 'employee' }],
  });
  assert.equal(shared.connection.status, 'active');
  assert.deepEqual(shared.connection.external_connection_implicit_role_assignments, [{ role_id: 'employee' }]);
  const renamed = await sdk.client.sso.external.updateConnection({
    organization_id: SEED.soylent,
    connection_id: shared.connection.connection_id,
    display_name: 'Globex (shared)',
  });
  assert.equal(renamed.connection.display_name, 'Globex (shared)');
  await assert.rejects(
    sdk.client.sso.external.createConnection({
      organization_id: SEED.soylent,
      external_organization_id: SEED.globex,
      external_connection_id: SEED.globexSaml,
    }),
    refused(400, 'duplicate_external_sso_connection'),
  );
  const listed = await sdk.client.sso.getConnections({ organization_id: SEED.soylent });
  assert.deepEqual([listed.oidc_connections.length, listed.external_connections.map((c) => c.display_name)], [1, ['Globex (shared)']]);
});

test('with a plain member’s session the SDK’s calls are refused by RBAC', async () => {
  const login = await sdk.client.passwords.authenticate({
    organization_id: SEED.soylent,
    email_address: SEED.soylentAdmin.email,
    password: SEED.password,
  });
  const admin = { authorization: { session_token: login.session_token } };
  const { connection } = await sdk.client.sso.saml.createConnection({ organization_id: SEED.soylent }, admin);
  assert.equal(connection.status, 'pending', 'an admin may');
  const plain = await sdk.client.passwords.authenticate({
    organization_id: SEED.soylent,
    email_address: SEED.soylentPlain.email,
    password: SEED.password,
  });
  const ist = plain.intermediate_session_token;
  await sdk.client.otps.sms.send({ organization_id: SEED.soylent, member_id: SEED.soylentPlain.id, intermediate_session_token: ist });
  const code = await sdk.emulator.lastSmsCode(SEED.soylentPlain.phone);
  const session = await sdk.client.otps.sms.authenticate({
    organization_id: SEED.soylent,
    member_id: SEED.soylentPlain.id,
    code,
    intermediate_session_token: ist,
  });
  const asPlain = { authorization: { session_token: session.session_token } };
  await assert.rejects(
    sdk.client.sso.deleteConnection({ organization_id: SEED.soylent, connection_id: connection.connection_id }, asPlain),
    refused(403, 'session_authorization_error'),
  );
  await assert.rejects(
    sdk.client.sso.oidc.createConnection({ organization_id: SEED.soylent }, asPlain),
    refused(403, 'session_authorization_error'),
  );
});
