// npm23: the npm package stytch-emulator as a user gets it. `npm pack` it, install the tarball
// into a fresh folder, start `npx stytch-emulator --port 0` there with no Rust toolchain on
// PATH, and log in with MFA through Stytch's official browser client (Chromium) and Stytch's
// Node SDK; then what the Node host adds to the core: the state file, the body limit, request
// heads Node's parser refuses, a dropped connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { officialClientFiles } from '../support/side-by-side.mjs';
import stytch from 'stytch';
import { Emulator, NPM_PACKAGE, ROOT, SEED, emulatorBinary } from '../support/emulator.mjs';
import { launchBrowser, serveFiles } from '../support/browser.mjs';
import { FLOWS, installCaller } from '../support/flows.mjs';

// No Rust anywhere the installed package could look: only the system's binaries.
const NO_RUST_PATH = ['/usr/local/bin', '/usr/bin', '/bin', path.dirname(process.execPath)].join(':');
const env = { ...process.env, PATH: NO_RUST_PATH };
delete env.CARGO_HOME;
delete env.RUSTUP_HOME;

let app; // the folder the tarball is installed into
const running = [];

before(() => {
  assert.ok(existsSync(path.join(NPM_PACKAGE, 'wasm/stytch_emulator_wasm_bg.wasm')), 'run bash scripts/build-emulator-npm.sh first');
  app = mkdtempSync(path.join(os.tmpdir(), 'stytch-emulator-npm-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', app], { cwd: NPM_PACKAGE, encoding: 'utf8' }));
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', `./${packed[0].filename}`], {
    cwd: app,
    env,
    stdio: 'inherit',
  });
});

after(() => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(app, { recursive: true, force: true });
});

/** `npx stytch-emulator ...args` in the app folder: resolves to the Emulator of its ready line. */
async function npx(args = []) {
  // npx runs the bin under a shell: a process group of its own, so that signals reach the bin.
  const child = spawn('npx', ['--no-install', 'stytch-emulator', '--port', '0', ...args], {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.kill = (signal = 'SIGTERM') => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  running.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(Object.assign(new Error(`exited with ${code}: ${stderr}`), { code, stderr })));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
  });
  return new Emulator(child, ready);
}

function exited(child) {
  return new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(child.exitCode)));
}

test('the installed package needs no Rust: no cargo on its PATH, and only JS and wasm in it', () => {
  assert.notEqual(spawnSync('cargo', ['--version'], { env }).status, 0, 'cargo is not reachable');
  const installed = path.join(app, 'node_modules/stytch-emulator');
  const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.bin['stytch-emulator'], 'bin/stytch-emulator.js');
  assert.ok(existsSync(path.join(installed, 'wasm/stytch_emulator_wasm_bg.wasm')));
  assert.ok(existsSync(path.join(installed, 'index.d.ts')));
});

/** The first line a command prints on stdout, parsed. */
async function firstLine(program, args, options) {
  const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  child.kill('SIGTERM');
  return JSON.parse(line);
}

/** A JSON value's keys and value types. */
const shape = (v) => (v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v);

test('npx stytch-emulator prints the native binary ready line, with the same fields', async () => {
  const native = await firstLine(emulatorBinary(), ['--port', '0']);
  const emu = await npx();
  const ours = await firstLine(process.execPath, [path.join(app, 'node_modules/stytch-emulator/bin/stytch-emulator.js'), '--port', '0'], {
    env,
  });
  assert.deepEqual(shape(ours), shape(native));
  assert.deepEqual(Object.keys(ours), Object.keys(native), 'in the same order');
  const seed = execFileSync(emulatorBinary(), ['--print-seed'], { encoding: 'utf8' });
  const npm = execFileSync('npx', ['--no-install', 'stytch-emulator', '--print-seed'], { cwd: app, env, encoding: 'utf8' });
  assert.equal(npm, seed, '--print-seed: the same built-in seed');
  assert.match(emu.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(emu.publicToken, SEED.publicToken);
  assert.equal(emu.projectId, SEED.projectId);
  assert.deepEqual(Object.keys(emu.consumer).sort(), ['project_id', 'public_token', 'secret']);
  emu.stop();
});

test("Stytch's official browser client logs in with a password and an SMS code against npx stytch-emulator", async () => {
  const emu = await npx();
  const site = await serveFiles(await officialClientFiles());
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/official.html`);
    await page.waitForFunction(() => window.ready === true);
    await page.evaluate(
      ([token, base]) => {
        window.client = new window.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
      },
      [emu.publicToken, emu.baseUrl],
    );
    await installCaller(page);
    const done = await FLOWS.passwordThenSms({ page, context, emu });
    assert.ok(done.session_jwt);
  } finally {
    await browser.close();
    site.close();
    emu.stop();
  }
});

test("Stytch's Node SDK: password, then an SMS code, then the session's JWT verified against the JWKS", async () => {
  const emu = await npx();
  const client = new stytch.B2BClient(emu.backendConfig());
  const m = SEED.acmeSms;
  const primary = await client.passwords.authenticate({ organization_id: SEED.acme, email_address: m.email, password: SEED.password });
  assert.equal(primary.member_authenticated, false);
  const code = await emu.lastSmsCode(m.phone);
  const done = await client.otps.sms.authenticate({
    organization_id: SEED.acme,
    member_id: m.id,
    code,
    intermediate_session_token: primary.intermediate_session_token,
    session_duration_minutes: 60,
  });
  const local = await client.sessions.authenticateJwt({ session_jwt: done.session_jwt });
  assert.equal(local.member_session.member_id, m.id);
  emu.stop();
});

test('--state: a change is in the file when it is acknowledged, survives SIGKILL and is read at start; a damaged file is refused', async () => {
  const state = path.join(app, 'state.json');
  let emu = await npx(['--state', state]);
  const before = JSON.parse(readFileSync(state, 'utf8'));
  assert.ok(before.signing_key_pem && before.world, 'the starting state is written at start');
  await emu.advanceClock(3600);
  const advanced = await emu.nowUnix();
  emu.child.kill('SIGKILL');
  await exited(emu.child);
  emu = await npx(['--state', state]);
  assert.ok((await emu.nowUnix()) >= advanced, 'the clock moved before the kill is still moved');
  emu.stop();
  await exited(emu.child);

  writeFileSync(state, '{"not": "a state"}');
  const refused = await npx(['--state', state]).then(
    () => assert.fail('started with a damaged state file'),
    (e) => e,
  );
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /stytch-emulator: the state file .*state\.json cannot be used: it is not an emulator state/);
  assert.equal(readFileSync(state, 'utf8'), '{"not": "a state"}', 'nothing was changed');
});

/** Sends raw bytes; resolves to everything the server sent before closing. */
function raw(baseUrl, bytes) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.end(bytes));
    let got = '';
    socket.on('data', (d) => (got += d));
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
}

const bodyOf = (response) => JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));

test('hostile requests get Stytch-shaped JSON errors and the emulator keeps serving', async () => {
  const emu = await npx();
  // A body over the limit, declared or not.
  const big = 'x'.repeat((1 << 20) + 1);
  for (const head of [`content-length: ${big.length}`, 'transfer-encoding: chunked']) {
    const body = head.startsWith('transfer') ? `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n` : big;
    const answer = await raw(
      emu.baseUrl,
      `POST /sdk/v1/b2b/passwords/authenticate HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n${head}\r\n\r\n${body}`,
    );
    assert.match(answer, /^HTTP\/1.1 413 /, head);
    assert.equal(bodyOf(answer).error_type, 'request_too_large');
  }
  // A head Node's parser refuses, and one over the size limit.
  let answer = await raw(emu.baseUrl, 'NOT A REQUEST\r\n\r\n');
  assert.match(answer, /^HTTP\/1.1 400 /);
  assert.equal(bodyOf(answer).error_type, 'bad_request');
  answer = await raw(emu.baseUrl, `GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nx-big: ${'a'.repeat(70 * 1024)}\r\n\r\n`);
  assert.match(answer, /^HTTP\/1.1 431 /);
  assert.equal(bodyOf(answer).error_type, 'request_header_fields_too_large');
  // A request target Node passes on and no URI parser can read: the wasm's 400.
  answer = await raw(emu.baseUrl, 'GET http:// HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n');
  assert.match(answer, /^HTTP\/1.1 400 /);
  assert.match(answer, /"error_type":"bad_request"/);
  // The control API under a foreign host name (DNS rebinding): the core's check.
  answer = await raw(emu.baseUrl, 'GET /_emulator/project HTTP/1.1\r\nhost: rebind.example\r\nconnection: close\r\n\r\n');
  assert.match(answer, /^HTTP\/1.1 403 /);
  assert.equal(bodyOf(answer).error_type, 'host_not_allowed');
  // A header value Node accepts and HTTP does not allow (a latin-1 byte is fine; a control byte not).
  answer = await raw(emu.baseUrl, 'GET /_emulator/clock HTTP/1.1\r\nhost: 127.0.0.1\r\nx-name: caf\xe9\r\nconnection: close\r\n\r\n');
  assert.match(answer, /^HTTP\/1.1 200 /);
  // A dropped connection (an injected fault) closes without an answer.
  await emu.addFault({ path: '/b2b/sessions/authenticate', drop: true, times: 1 });
  answer = await raw(emu.baseUrl, 'POST /sdk/v1/b2b/sessions/authenticate HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 0\r\n\r\n');
  assert.equal(answer, '');
  assert.ok((await emu.nowUnix()) > 0, 'still serving');
  emu.stop();
});
