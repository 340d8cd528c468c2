// Connected Apps (#24) through Stytch's own Node SDK (unmodified but for its base URL) against
// the emulator: connectedApp.clients (create, get, update, search, secrets rotation, delete),
// the consent page's idp.oauth.authorizeStart / authorize, and the access token checked by
// idp.introspectTokenLocal (the project's JWKS, the issuer the SDK trusts) and
// idp.introspectTokenNetwork.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { SEED } from '../support/emulator.mjs';
import { useB2BClient } from '../support/node-sdk.mjs';

const sdk = useB2BClient();
const REDIRECT = 'http://localhost:4000/callback';

test('connectedApp.clients: create, get, update, search, rotate, delete', async () => {
  const { connected_app: created } = await sdk.client.connectedApp.clients.create({
    client_type: 'first_party',
    client_name: 'CLI',
    redirect_urls: [REDIRECT],
  });
  assert.ok(created.client_secret && created.client_secret.endsWith(created.client_secret_last_four));
  const { connected_app: got } = await sdk.client.connectedApp.clients.get({ client_id: created.client_id });
  assert.equal(got.client_secret, undefined, 'the secret is shown once');
  const { connected_app: updated } = await sdk.client.connectedApp.clients.update({
    client_id: created.client_id,
    bypass_consent_for_offline_access: true,
  });
  assert.equal(updated.bypass_consent_for_offline_access, true);
  const found = await sdk.client.connectedApp.clients.search({});
  assert.deepEqual(
    found.connected_apps.map((a) => a.client_id),
    [created.client_id],
  );
  const rotating = await sdk.client.connectedApp.clients.secrets.rotateStart({ client_id: created.client_id });
  assert.ok(rotating.connected_app.next_client_secret);
  await sdk.client.connectedApp.clients.secrets.rotateCancel({ client_id: created.client_id });
  await sdk.client.connectedApp.clients.delete({ client_id: created.client_id });
  await assert.rejects(
    sdk.client.connectedApp.clients.get({ client_id: created.client_id }),
    (e) => e.error_type === 'connected_app_not_found' && e.status_code === 404,
  );
});

test('the consent page calls idp.oauth, the client exchanges the code, the SDK introspects the token', async () => {
  const { connected_app: app } = await sdk.client.connectedApp.clients.create({
    client_type: 'third_party',
    client_name: 'Agent',
    redirect_urls: [REDIRECT],
  });
  const login = await sdk.client.passwords.authenticate({
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  const request = { client_id: app.client_id, redirect_uri: REDIRECT, response_type: 'code', scopes: ['openid', 'email'] };
  const shown = await sdk.client.idp.oauth.authorizeStart({ ...request, session_token: login.session_token });
  assert.equal(shown.consent_required, true);
  assert.equal(shown.member.email_address, SEED.globexMember.email);
  assert.deepEqual(
    shown.scope_results.map((s) => [s.scope, s.is_grantable]),
    [
      ['openid', true],
      ['email', true],
    ],
  );
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const answer = await sdk.client.idp.oauth.authorize({
    ...request,
    session_token: login.session_token,
    consent_granted: true,
    state: 'st',
    code_challenge: challenge,
  });
  const code = new URL(answer.redirect_uri).searchParams.get('code');
  assert.equal(code, answer.authorization_code);

  const res = await fetch(`${sdk.emulator.baseUrl}/v1/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: app.client_id,
      client_secret: app.client_secret,
    }),
  });
  assert.equal(res.status, 200);
  const { access_token } = await res.json();

  const local = await sdk.client.idp.introspectTokenLocal(access_token);
  assert.equal(local.subject, SEED.globexMember.id);
  assert.equal(local.organization.organization_id, SEED.globex);
  assert.equal(local.scope, 'openid email');
  const network = await sdk.client.idp.introspectTokenNetwork({
    token: access_token,
    client_id: app.client_id,
    client_secret: app.client_secret,
  });
  assert.equal(network.subject, SEED.globexMember.id);
  await assert.rejects(
    sdk.client.idp.introspectTokenNetwork({ token: 'not-a-token', client_id: app.client_id, client_secret: app.client_secret }),
    (e) => e.error === 'token_invalid' || /not active/.test(e.message),
  );
});
