// dfp24 (#24): Stytch's Fraud API through Stytch's own Node SDK (unmodified but for its base
// URLs: `env` and `fraud_env`, the emulator's) against the emulator: `fraud.fingerprint.lookup`
// answers the verdict queued for a telemetry id the stand-in telemetry script minted, keeps
// external metadata with it, and answers Stytch's 404 `telemetry_id_not_found` for an unknown
// one, the failure Stytch says to treat as a BLOCK.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import stytch from 'stytch';
import { startEmulator } from '../support/emulator.mjs';

let emu;
let client;
before(async () => {
  emu = await startEmulator();
  client = new stytch.B2BClient({ ...emu.backendConfig(), fraud_env: `${emu.baseUrl}/` });
});
after(() => emu.stop());
beforeEach(() => emu.reset());

/** What the stand-in telemetry script's `GetTelemetryID` asks the emulator for. */
async function telemetryId(visitor_id) {
  const res = await fetch(`${emu.baseUrl}/submit`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ public_token: emu.publicToken, visitor_id }),
  });
  assert.equal(res.status, 200);
  return (await res.json()).telemetry_id;
}

test('fraud.fingerprint.lookup answers the verdict queued for the telemetry id', async () => {
  await emu.control('POST', '/_emulator/protected_auth/queue', { verdicts: ['BLOCK'] });
  const blocked = await telemetryId('visitor-node-sdk');
  const allowed = await telemetryId('visitor-node-other');
  const r = await client.fraud.fingerprint.lookup({ telemetry_id: blocked });
  assert.equal(r.status_code, 200);
  assert.equal(r.telemetry_id, blocked);
  assert.equal(r.verdict.action, 'BLOCK');
  assert.equal(r.verdict.is_authentic_device, false);
  assert.deepEqual(r.verdict.verdict_reason_overrides, []);
  assert.equal(r.fingerprints.visitor_id, 'visitor-node-sdk');
  assert.ok(new Date(r.expires_at) > new Date(r.created_at));
  const ok = await client.fraud.fingerprint.lookup({ telemetry_id: allowed });
  assert.equal(ok.verdict.action, 'ALLOW');
  assert.deepEqual(ok.verdict.reasons, []);
  assert.notEqual(ok.fingerprints.visitor_fingerprint, r.fingerprints.visitor_fingerprint, 'two devices');
});

test('external metadata is kept with the telemetry id, and an unknown id is telemetry_id_not_found', async () => {
  const id = await telemetryId();
  const external_metadata = { external_id: 'user-42', user_action: 'login' };
  const r = await client.fraud.fingerprint.lookup({ telemetry_id: id, external_metadata });
  assert.deepEqual(r.external_metadata, external_metadata);
  assert.deepEqual((await client.fraud.fingerprint.lookup({ telemetry_id: id })).external_metadata, external_metadata);
  await assert.rejects(client.fraud.fingerprint.lookup({ telemetry_id: 'telemetry-id-test-made-up' }), (e) => {
    assert.equal(e.status_code, 404);
    assert.equal(e.error_type, 'telemetry_id_not_found');
    return true;
  });
  await assert.rejects(client.fraud.fingerprint.lookup({ telemetry_id: id, external_metadata: { external_id: 'has spaces' } }), (e) => {
    assert.equal(e.error_type, 'invalid_external_metadata');
    return true;
  });
});
