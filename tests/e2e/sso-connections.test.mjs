// SSO connection management (sso24, #24), side by side: Stytch's official client and ours, in
// headless Chromium against the emulator. First every method with the same parameters must send
// the same request (method, path, query, body keys); then an admin sets a SAML connection up
// for real on both (created, read from the emulator's own identity-provider metadata, mapped,
// listed, deleted) and both must get the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEED } from '../support/emulator.mjs';
import { useSideBySide } from '../support/side-by-side.mjs';

const sides = useSideBySide();

const call = (page, method, args) => page.evaluate(([m, a]) => window.call(m, a), [method, args]);

const shapeOf = (r) => ({
  method: r.method,
  path: r.path,
  query: r.query ?? null,
  body_keys: r.body_keys.filter((k) => !['dfp_telemetry_id', 'captcha_token'].includes(k)).sort(),
});

const CONNECTION = 'saml-connection-test-00000000-0000-4000-8000-00000000dead';

/** Every method, with parameters valid for both clients (positional where Stytch's takes one). */
const CALLS = [
  ['sso.deleteConnection', CONNECTION],
  ['sso.saml.createConnection', { display_name: 'Okta', identity_provider: 'okta' }],
  [
    'sso.saml.updateConnection',
    { connection_id: CONNECTION, idp_entity_id: 'https://idp.example.com', attribute_mapping: { email: 'NameID' } },
  ],
  ['sso.saml.updateConnectionByURL', { connection_id: CONNECTION, metadata_url: 'https://idp.example.com/metadata' }],
  ['sso.saml.deleteVerificationCertificate', { connection_id: CONNECTION, certificate_id: 'saml-verification-key-test-1' }],
  ['sso.saml.deleteEncryptionPrivateKey', { connection_id: CONNECTION, private_key_id: 'saml-encryption-key-test-1' }],
  ['sso.oidc.createConnection', { display_name: 'OIDC' }],
  ['sso.oidc.updateConnection', { connection_id: CONNECTION, issuer: 'https://idp.example.com', client_id: 'client' }],
  ['sso.external.createConnection', { external_organization_id: SEED.globex, external_connection_id: SEED.globexSaml }],
  ['sso.external.updateConnection', { connection_id: CONNECTION, display_name: 'Shared' }],
];

/** Runs every call with a fresh client of `which`; the requests each sent. */
async function sentBy(which) {
  await sides.emu.reset();
  const { context, page, pageErrors } = await sides.openClient(which);
  try {
    const sent = {};
    for (const [method, args] of CALLS) {
      await sides.emu.clearRequests();
      const result = await call(page, method, args);
      assert.notEqual(result.error?.name, 'StytchSDKUsageError', `${which} ${method}: ${result.error?.message}`);
      sent[method] = (await sides.emu.requests()).filter((r) => r.path.startsWith('/sdk/v1/b2b/')).map(shapeOf);
    }
    assert.deepEqual(pageErrors, []);
    return sent;
  } finally {
    await context.close();
  }
}

test('every SSO connection method sends the request Stytch’s client sends', async () => {
  const theirs = await sentBy('official');
  const ours = await sentBy('ours');
  for (const [method] of CALLS) {
    assert.equal(theirs[method].length, 1, `Stytch's ${method} sent one request`);
    assert.deepEqual(ours[method], theirs[method], method);
  }
  // Both ids of a key's path, and the id kept in an update's body, as Stytch's client sends them.
  assert.equal(
    ours['sso.saml.deleteVerificationCertificate'][0].path,
    `/sdk/v1/b2b/sso/saml/${CONNECTION}/verification_certificates/saml-verification-key-test-1`,
  );
  assert.ok(ours['sso.saml.updateConnection'][0].body_keys.includes('connection_id'));
  assert.equal(ours['sso.deleteConnection'][0].method, 'DELETE');
});

/** What an answer says, less what differs by run (ids, times, request ids). */
const stable = (value) =>
  JSON.parse(
    JSON.stringify(value, (k, v) =>
      ['request_id', 'connection_id', 'certificate_id', 'created_at', 'updated_at', 'acs_url', 'audience_uri'].includes(k) ? undefined : v,
    ),
  );

/** An admin sets a SAML connection up with `which` client; each step's outcome. */
async function setUp(which) {
  await sides.emu.reset();
  const { context, page, pageErrors } = await sides.openClient(which);
  const steps = [];
  const step = async (method, args) => {
    const result = await call(page, method, args);
    steps.push({ method, ok: result.ok, value: result.ok ? stable(result.value) : { error_type: result.error.error_type } });
    return result;
  };
  try {
    const login = await call(page, 'passwords.authenticate', {
      organization_id: SEED.soylent,
      email_address: SEED.soylentAdmin.email,
      password: SEED.password,
      session_duration_minutes: 60,
    });
    assert.ok(login.ok, `${which}: ${JSON.stringify(login.error)}`);
    const created = await step('sso.saml.createConnection', { display_name: 'Soylent Okta', identity_provider: 'okta' });
    const id = created.value.connection.connection_id;
    await step('sso.saml.updateConnectionByURL', { connection_id: id, metadata_url: 'http://169.254.169.254/latest/meta-data/' });
    await step('sso.saml.updateConnectionByURL', {
      connection_id: id,
      metadata_url: `${sides.emu.baseUrl}/v1/b2b/public/idp/saml/metadata`,
    });
    await step('sso.saml.updateConnection', { connection_id: id, attribute_mapping: { email: 'NameID', groups: 'memberOf' } });
    await step('sso.getConnections');
    await step('sso.deleteConnection', id);
    await step('sso.getConnections');
    assert.deepEqual(pageErrors, []);
    return steps;
  } finally {
    await context.close();
  }
}

test('an admin sets a SAML connection up: both clients get the same answers', async () => {
  const theirs = await setUp('official');
  const ours = await setUp('ours');
  assert.deepEqual(ours, theirs);
  assert.deepEqual(
    ours.map((s) => s.ok),
    [true, false, true, true, true, true, true],
  );
  assert.deepEqual(ours[1].value, { error_type: 'invalid_saml_metadata_url' }, 'a foreign metadata URL is refused');
  assert.equal(ours[3].value.connection.status, 'active', 'metadata and mapping make it active');
  assert.equal(ours[4].value.saml_connections.length, 1);
  assert.deepEqual(ours[6].value.saml_connections, []);
});
