// npm23: `import { startEmulator } from 'stytch-emulator'` as a test suite uses it: one
// emulator for the file, started in-process (its start-up time is reported), over real HTTP,
// with Stytch's Node SDK and the handle's control helpers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import stytch from 'stytch';
import { NPM_PACKAGE, SEED } from '../support/emulator.mjs';

const { startEmulator } = await import(`${NPM_PACKAGE}/index.js`);

let emu;
let client;
before(async () => {
  const t0 = performance.now();
  emu = await startEmulator();
  console.log(`# in-process startEmulator: ${(performance.now() - t0).toFixed(0)} ms (wasm compiled, keys made, seed loaded, listening)`);
  client = new stytch.B2BClient({ project_id: emu.projectId, secret: emu.secret, env: `${emu.url}/` });
});
after(() => emu.stop());

test('the handle carries the seed project credentials and a loopback URL', () => {
  assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(emu.projectId, SEED.projectId);
  assert.equal(emu.publicToken, SEED.publicToken);
  assert.equal(emu.consumer.projectId, SEED.consumerProject.projectId);
});

test('password and SMS MFA through the Node SDK, the code read from outbox(); reset() forgets the session', async () => {
  const m = SEED.acmeSms;
  const primary = await client.passwords.authenticate({ organization_id: SEED.acme, email_address: m.email, password: SEED.password });
  const [sms] = (await emu.outbox(m.phone)).slice(-1);
  assert.equal(sms.channel, 'sms');
  const done = await client.otps.sms.authenticate({
    organization_id: SEED.acme,
    member_id: m.id,
    code: sms.code,
    intermediate_session_token: primary.intermediate_session_token,
  });
  await client.sessions.authenticate({ session_token: done.session_token });
  await emu.reset();
  assert.deepEqual(await emu.outbox(), []);
  await assert.rejects(client.sessions.authenticate({ session_token: done.session_token }), (e) => e.error_type === 'session_not_found');
});

test('exportState and importState carry sessions across emulators, and a second emulator in the process is separate', async () => {
  const login = await client.passwords.authenticate({
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
    session_duration_minutes: 60,
  });
  const exported = await emu.exportState();
  const other = await startEmulator({ state: exported });
  try {
    assert.notEqual(other.url, emu.url);
    const otherClient = new stytch.B2BClient({ project_id: other.projectId, secret: other.secret, env: `${other.url}/` });
    const again = await otherClient.sessions.authenticate({ session_token: login.session_token });
    assert.equal(again.member.member_id, SEED.globexMember.id);
    await other.reset();
    await assert.rejects(otherClient.sessions.authenticate({ session_token: login.session_token }));
    // The first emulator was not touched by the second's reset; importing brings it back too.
    await client.sessions.authenticate({ session_token: login.session_token });
    await emu.reset();
    assert.equal((await emu.importState(exported)).imported.sessions, 1);
    await client.sessions.authenticate({ session_token: login.session_token });
  } finally {
    await other.stop();
  }
});

test('clock.advance expires a session; faults.add answers an injected error', async () => {
  const login = await client.passwords.authenticate({
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
    session_duration_minutes: 5,
  });
  const before = await emu.clock.now();
  assert.ok((await emu.clock.advance(600)) >= before + 600);
  await assert.rejects(client.sessions.authenticate({ session_token: login.session_token }), (e) => e.error_type === 'session_not_found');

  await emu.faults.add({ path: '/b2b/passwords/strength_check', status: 503, times: 1 });
  assert.equal((await emu.faults.list()).length, 1);
  const res = await fetch(`${emu.url}/sdk/v1/b2b/passwords/strength_check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`${emu.publicToken}:${emu.publicToken}`)}` },
    body: '{"password":"x"}',
  });
  assert.equal(res.status, 503);
  assert.equal((await res.json()).error_type, 'emulated_fault');
  await emu.reset();
});

test("a latency fault holds its answer on the host's timer while other requests are answered", async () => {
  await emu.faults.add({ path: '/b2b/sessions/authenticate', delay_ms: 60_000 });
  const held = new AbortController();
  let settled = false;
  const slow = new Promise((resolve) => {
    const req = http.request(`${emu.url}/sdk/v1/b2b/sessions/authenticate`, { method: 'POST', signal: held.signal }, (res) => {
      res.resume();
      settled = true;
      resolve();
    });
    req.on('error', () => resolve());
    req.end();
  });
  // Answered while the held request waits (an inline host, with no timer, would have answered it).
  for (let i = 0; i < 3; i++) assert.ok(await emu.clock.now());
  assert.equal((await emu.requests()).filter((r) => r.path === '/sdk/v1/b2b/sessions/authenticate').length, 0, 'not answered yet');
  assert.equal(settled, false);
  held.abort();
  await slow;
  await emu.faults.clear();
});

test('a request body over the limit gets 413 request_too_large in Stytch shape', async () => {
  const res = await fetch(`${emu.url}/sdk/v1/b2b/passwords/strength_check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'x'.repeat(2 << 20) }),
  });
  assert.equal(res.status, 413);
  const body = await res.json();
  assert.equal(body.error_type, 'request_too_large');
  assert.equal(body.status_code, 413);
  assert.ok(body.request_id);
});
