// The benchmark: ours and Stytch's official client (@stytch/vanilla-js, b2b/headless) measured
// the same way in one run, against the emulator on loopback, in headless Chromium.
//   node bench/run.mjs            full run: prints the table, writes bench/results.md and
//                                 bench/results.svg, and regenerates the README section
//   node bench/run.mjs --smoke    a few iterations of everything, nothing written (CI uses it
//                                 to check the harness still works)
//   node bench/run.mjs --emulator-only   the emulator's load test alone, printed, nothing written
//   node bench/run.mjs --startup         the start-up runs alone, printed, nothing written
//   node bench/run.mjs --hosts           the emulator's hosts alone (native binary, npx, in-process, Service Worker), printed
// Timings are wall-clock and depend on the machine; compare the two clients within one run.
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NPM_PACKAGE, ROOT, SEED, emulatorBinary, seedFileWithLimits, startEmulator } from '../tests/support/emulator.mjs';
import { launchBrowser, packageFiles, serveFiles, serveMounted } from '../tests/support/browser.mjs';
import { totp } from '../tests/support/totp.mjs';
import { measureSizes, sizeTable } from './size.mjs';

const SMOKE = process.argv.includes('--smoke');
const EMULATOR_ONLY = process.argv.includes('--emulator-only');
const STARTUP_ONLY = process.argv.includes('--startup');
const HOSTS_ONLY = process.argv.includes('--hosts');
const N = SMOKE
  ? { startup: 2, flows: 3, memory: 20, memoryWarmup: 5, loadSeconds: 0.5 }
  : { startup: 20, flows: 200, memory: 1000, memoryWarmup: 100, loadSeconds: 5 };

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p95: q(0.95), p99: q(0.99) };
};
const ms = (x) => `${x.toFixed(2)} ms`;

// ---------- the pages ----------

// Both clients as an app would ship them: one esbuild bundle each (as bench/size.mjs measures
// them; ours carries its wasm inlined).
async function pages() {
  const bundle = (contents) =>
    build({
      stdin: { contents, resolveDir: ROOT, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      conditions: ['production'],
      logLevel: 'silent',
    }).then((r) => r.outputFiles[0].text);
  const official = await bundle(`export { StytchB2BHeadlessClient } from '@stytch/vanilla-js/b2b/headless';`);
  // Plus the wasm's linear memory size, for the leak check (the glue's init returns the
  // instance's exports, whose names scripts/process-glue.mjs shortened).
  const ours = await bundle(
    `export { StytchB2BHeadlessClient } from './js/index.js';
     import init from './pkg/web/stytch_b2b_headless.js';
     export const wasmMemoryBytes = async () => Object.values(await init()).find((e) => e instanceof WebAssembly.Memory).buffer.byteLength;`,
  );
  return serveFiles({
    ...packageFiles(ROOT),
    '/official.mjs': { type: 'text/javascript', body: official },
    '/pkg/web/ours.mjs': { type: 'text/javascript', body: ours },
    '/blank.html': { type: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><title>bench</title>' },
  });
}

// `oursUnbundled`: the package's entry imported as it is, its modules fetched one by one (a page
// with no bundler); measured for start-up only.
const ENTRY = { ours: '/pkg/web/ours.mjs', theirs: '/official.mjs', oursUnbundled: '/js/index.js' };

// ---------- start-up ----------

// The clients take turns, run by run, so that a slow spell of this shared machine lands on
// both rather than on whichever was being measured then. Each run times the import (until the
// importing code runs: ours loads its wasm after that, in the background), the constructor,
// and from the import to the first call's answer (one password strength check against the
// emulator; ours: it waits for the wasm, inflated, compiled and instantiated meanwhile).
async function startup(browser, site, emu) {
  const runs = Object.fromEntries(Object.keys(ENTRY).map((which) => [which, { load: [], construct: [], firstCall: [] }]));
  for (let i = 0; i < N.startup; i++) {
    for (const which of Object.keys(ENTRY)) {
      const context = await browser.newContext(); // a fresh context: empty HTTP and code caches
      const page = await context.newPage();
      await page.goto(`${site.url}/blank.html`);
      const r = await page.evaluate(
        async ([entry, token, base]) => {
          const t0 = performance.now();
          const m = await import(entry);
          const t1 = performance.now();
          const c = new m.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
          const t2 = performance.now();
          await c.passwords.strengthCheck({ password: 'correct horse battery staple' });
          const t3 = performance.now();
          window.client = c;
          return { load: t1 - t0, construct: t2 - t1, firstCall: t3 - t0 };
        },
        [ENTRY[which], emu.publicToken, emu.baseUrl],
      );
      for (const k of ['load', 'construct', 'firstCall']) runs[which][k].push(r[k]);
      await context.close();
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([which, r]) => [
      which,
      { load: stats(r.load), construct: stats(r.construct), firstCall: stats(r.firstCall) },
    ]),
  );
}

// ---------- per-call overhead ----------

// Runs in the page: one timed client call, minus the server's own time (Server-Timing, read
// through Resource Timing). What is left is the client, the browser's fetch and loopback.
const PAGE_HELPERS = () => {
  window.timed = async (fn) => {
    performance.clearResourceTimings();
    const t0 = performance.now();
    const value = await fn();
    const total = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 0));
    const server = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/sdk/v1/b2b/'))
      .reduce((sum, e) => sum + (e.serverTiming.find((t) => t.name === 'app')?.duration || 0), 0);
    return { value, total, server };
  };
  window.control = (method, p) => fetch(window.API + p, { method }).then((r) => r.json());
};

async function openClient(browser, site, emu, which) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // TOTP codes from the tests' own helper (outside the timed calls).
  await page.exposeFunction('totp', (secret, unix) => totp(secret, unix));
  await page.goto(`${site.url}/blank.html`);
  await page.evaluate(PAGE_HELPERS);
  await page.evaluate(
    async ([entry, token, base]) => {
      window.API = base;
      const m = await import(entry);
      window.client = new m.StytchB2BHeadlessClient(token, { endpoints: { testAPIURL: base, liveAPIURL: base } });
      window.wasmMemoryBytes = m.wasmMemoryBytes;
    },
    [ENTRY[which], emu.publicToken, emu.baseUrl],
  );
  return { context, page };
}

// Flows in the page: `iterations` of each kind, the first `warmup` not recorded.
const FLOWS = async ([seed, iterations, warmup]) => {
  const calls = { sms: [], totp: [] };
  const record = (list, r) => list.push(r.total - r.server);
  const c = window.client;
  for (let i = 0; i < iterations + warmup; i++) {
    const keep = i >= warmup;
    await window.control('POST', '/_emulator/reset');
    // password -> SMS OTP -> session
    let r = await window.timed(() =>
      c.passwords.authenticate({
        organization_id: seed.acme,
        email_address: seed.acmeSms.email,
        password: seed.password,
        session_duration_minutes: 60,
      }),
    );
    if (keep) record(calls.sms, r);
    const outbox = await window.control('GET', `/_emulator/outbox?to=${encodeURIComponent(seed.acmeSms.phone)}`);
    const code = outbox.messages[outbox.messages.length - 1].code;
    r = await window.timed(() =>
      c.otps.sms.authenticate({ organization_id: seed.acme, member_id: seed.acmeSms.id, code, session_duration_minutes: 60 }),
    );
    if (keep) record(calls.sms, r);
    await c.session.revoke();
    // password -> TOTP enrollment -> session
    r = await window.timed(() =>
      c.passwords.authenticate({
        organization_id: seed.acme,
        email_address: seed.acmeNew.email,
        password: seed.password,
        session_duration_minutes: 60,
      }),
    );
    if (keep) record(calls.totp, r);
    r = await window.timed(() => c.totp.create({ organization_id: seed.acme, member_id: seed.acmeNew.id }));
    if (keep) record(calls.totp, r);
    const now = (await window.control('GET', '/_emulator/clock')).now_unix;
    const totpCode = await window.totp(r.value.secret, now);
    r = await window.timed(() =>
      c.totp.authenticate({
        organization_id: seed.acme,
        member_id: seed.acmeNew.id,
        code: totpCode,
        session_duration_minutes: 60,
        set_mfa_enrollment: 'enroll',
      }),
    );
    if (keep) record(calls.totp, r);
    await c.session.revoke();
  }
  return calls;
};

// Both clients open at once, taking turns ten flows at a time (as in the start-up runs), so a
// slow spell of the machine lands on both. The first five flows of each warm up (the official
// client waits for its bootstrap).
async function overhead(browser, site, emu) {
  const ROUND = 10;
  const clients = ['ours', 'theirs'];
  const open = {};
  const calls = {};
  for (const which of clients) {
    open[which] = await openClient(browser, site, emu, which);
    await open[which].page.evaluate(FLOWS, [SEED, 0, 5]);
    calls[which] = { sms: [], totp: [] };
  }
  for (let done = 0; done < N.flows; done += ROUND) {
    for (const which of clients) {
      const r = await open[which].page.evaluate(FLOWS, [SEED, Math.min(ROUND, N.flows - done), 0]);
      calls[which].sms.push(...r.sms);
      calls[which].totp.push(...r.totp);
    }
  }
  for (const which of clients) await open[which].context.close();
  return Object.fromEntries(clients.map((which) => [which, { sms: stats(calls[which].sms), totp: stats(calls[which].totp) }]));
}

// ---------- memory ----------

async function memory(browser, site, emu, which) {
  const { context, page } = await openClient(browser, site, emu, which);
  const cdp = await context.newCDPSession(page);
  await emu.reset();
  const flows = (n) =>
    page.evaluate(
      async ([seed, n]) => {
        for (let i = 0; i < n; i++) {
          await window.client.passwords.authenticate({
            organization_id: seed.globex,
            email_address: seed.globexMember.email,
            password: seed.password,
            session_duration_minutes: 60,
          });
          await window.client.session.authenticate();
          await window.client.session.revoke();
        }
      },
      [SEED, n],
    );
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => (window.wasmMemoryBytes ? window.wasmMemoryBytes() : null));
    return { heap: usedSize, wasm };
  };
  await flows(N.memoryWarmup);
  const before = await sample();
  await flows(N.memory - N.memoryWarmup);
  const after = await sample();
  await context.close();
  return { before, after };
}

// ---------- the emulator alone ----------

async function load(emu, rows = 3) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const basic = (secret) => 'Basic ' + Buffer.from(`${emu.publicToken}:${secret}`).toString('base64');
  const post = (p, body, secret = emu.publicToken) =>
    new Promise((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = http.request(
        emu.baseUrl + '/sdk/v1' + p,
        {
          method: 'POST',
          agent,
          headers: { authorization: basic(secret), 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  await emu.reset();
  const login = await post('/b2b/passwords/authenticate', {
    organization_id: SEED.globex,
    email_address: SEED.globexMember.email,
    password: SEED.password,
    session_duration_minutes: 600,
  });
  const session = login.body.data.session_token;
  // Step-up on the session: a code is sent once; authenticate is then timed with a wrong code
  // (the 404 path: authorisation, lookup and comparison), re-sending before the code is burned.
  const sms = { organization_id: SEED.globex, member_id: SEED.globexMember.id };
  await post('/b2b/otps/sms/send', { ...sms, mfa_phone_number: '+15555550201' }, session);
  let extend = 0;
  const run = async (name, request, expect, between) => {
    const latencies = [];
    const until = Date.now() + N.loadSeconds * 1000;
    const worker = async () => {
      let n = 0;
      while (Date.now() < until) {
        if (between && ++n % 4 === 0) await between();
        const t0 = performance.now();
        const r = await request();
        latencies.push(performance.now() - t0);
        if (r.status !== expect) throw new Error(`${name}: HTTP ${r.status}`);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 8 }, worker));
    return { name, rps: latencies.length / ((performance.now() - t0) / 1000), ...stats(latencies) };
  };
  const results = [
    await run('sessions.authenticate', () => post('/b2b/sessions/authenticate', {}, session), 200),
    // Each refresh extends the session to a new expiry, so no two JWTs are alike and every one
    // is an RSA signature (the row above reuses the JWT of identical claims within a second).
    await run(
      'sessions.authenticate (new expiry each time)',
      () => post('/b2b/sessions/authenticate', { session_duration_minutes: 600 + (extend = (extend + 1) % 500000) }, session),
      200,
    ),
  ];
  // The hosts' comparison (npm23) takes the session rows only.
  if (rows > 2) {
    results.push(
      await run(
        'otps.sms.authenticate (wrong code)',
        () => post('/b2b/otps/sms/authenticate', { ...sms, code: '000000', session_duration_minutes: 600 }, session),
        404,
        () => post('/b2b/otps/sms/send', sms, session),
      ),
    );
  }
  agent.destroy();
  return results;
}

// ---------- the emulator's hosts (npm23) ----------

/** Spawns a command that prints the ready line; resolves to the ms until it did, and the child. */
function spawnReady(program, args, options) {
  const t0 = performance.now();
  const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${program} exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (line) =>
      resolve({ ms: performance.now() - t0, child, ready: JSON.parse(line) }),
    );
  });
}

const stopChild = (child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));

// In a fresh Node process: from before the package's import to startEmulator's handle, then a
// second startEmulator in the same process (wasm compiled and keys made already).
const IN_PROCESS = `
const t0 = performance.now();
const { startEmulator } = await import(process.argv[1]);
const first = await startEmulator();
const t1 = performance.now();
const second = await startEmulator();
const t2 = performance.now();
console.log(JSON.stringify({ first: t1 - t0, second: t2 - t1 }));
await first.stop(); await second.stop();
`;

/**
 * Start-up of each host (spawn to ready line; in-process: import to handle), taking turns run by
 * run, and the throughput of each on the load test's session rows (`load`). The npm bin is
 * started as `npx --no-install stytch-emulator` in the package's folder, as a user's project
 * runs it; in-process, the load generator shares the emulator's event loop, as a test suite does.
 */
async function hosts(seedFile) {
  const bin = path.join(NPM_PACKAGE, 'bin/stytch-emulator.js');
  const starts = { native: [], npx: [], inProcessFirst: [], inProcessNext: [] };
  for (let i = 0; i < N.startup; i++) {
    let r = await spawnReady(emulatorBinary(), ['--port', '0']);
    starts.native.push(r.ms);
    await stopChild(r.child);
    r = await spawnReady('npx', ['--no-install', 'stytch-emulator', '--port', '0'], { cwd: NPM_PACKAGE, detached: true });
    starts.npx.push(r.ms);
    process.kill(-r.child.pid, 'SIGTERM');
    const out = await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', IN_PROCESS, path.join(NPM_PACKAGE, 'index.js')], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`in-process start exited with ${code}`))));
    });
    starts.inProcessFirst.push(out.first);
    starts.inProcessNext.push(out.second);
  }
  const throughput = {};
  const native = await spawnReady(emulatorBinary(), ['--port', '0', '--seed', seedFile]);
  throughput.native = await load(hostHandle(native.ready), 2);
  await stopChild(native.child);
  const npm = await spawnReady(process.execPath, [bin, '--port', '0', '--seed', seedFile]);
  throughput.npx = await load(hostHandle(npm.ready), 2);
  await stopChild(npm.child);
  const { startEmulator: startInProcess } = await import(path.join(NPM_PACKAGE, 'index.js'));
  const inProcess = await startInProcess({ seedFile });
  throughput.inProcess = await load({ baseUrl: inProcess.url, publicToken: inProcess.publicToken, reset: inProcess.reset }, 2);
  await inProcess.stop();
  const sw = await serviceWorkerHost();
  throughput.serviceWorker = sw.throughput;
  return { starts: { ...Object.fromEntries(Object.entries(starts).map(([k, v]) => [k, stats(v)])), serviceWorker: sw.start }, throughput };
}

// The emulator in a Service Worker (emulator/npm/browser): what a static site serves, the
// worker's one-line root module and a blank page that registers it.
const SW_PAGES = {
  '/stytch-emulator-sw.js': { type: 'text/javascript', body: "import './stytch-emulator/browser/sw.js';\n" },
  '/sw.html': { type: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><title>bench</title>' },
};

/** From the page's import of `registerEmulator` to the worker's first answer, in a fresh context (nothing installed). */
const registerInPage = async () => {
  const t0 = performance.now();
  const { registerEmulator } = await import('/stytch-emulator/browser/index.js');
  const { publicToken } = await registerEmulator();
  return { ms: performance.now() - t0, publicToken };
};

/**
 * The load test's two session rows run in the page against its worker: 8 concurrent fetches
 * for `seconds`, a session from a password login first (the page is the only client a
 * worker has, so the load generator shares the browser with the emulator).
 */
const loadInPage = async ([publicToken, login, seconds]) => {
  const basic = (secret) => 'Basic ' + btoa(`${publicToken}:${secret}`);
  const post = (p, body, secret = publicToken) =>
    fetch('/stytch/sdk/v1' + p, {
      method: 'POST',
      headers: { authorization: basic(secret), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const session = (await (await post('/b2b/passwords/authenticate', login)).json()).data.session_token;
  let extend = 0;
  const run = async (body) => {
    const latencies = [];
    const until = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const r = await post('/b2b/sessions/authenticate', body(), session);
        await r.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`sessions.authenticate: HTTP ${r.status}`);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 8 }, worker));
    return { rps: latencies.length / ((performance.now() - t0) / 1000), latencies };
  };
  return [await run(() => ({})), await run(() => ({ session_duration_minutes: 600 + (extend = (extend + 1) % 500000) }))];
};

async function serviceWorkerHost() {
  const site = await serveMounted([['/stytch-emulator/', 'emulator/npm']], SW_PAGES);
  const browser = await launchBrowser();
  try {
    const starts = [];
    for (let i = 0; i < N.startup; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${site.url}/sw.html`);
      starts.push((await page.evaluate(registerInPage)).ms);
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/sw.html`);
    const { publicToken } = await page.evaluate(registerInPage);
    const login = {
      organization_id: SEED.globex,
      email_address: SEED.globexMember.email,
      password: SEED.password,
      session_duration_minutes: 600,
    };
    const rows = await page.evaluate(loadInPage, [publicToken, login, N.loadSeconds]);
    await context.close();
    return { start: stats(starts), throughput: rows.map((r) => ({ rps: r.rps, ...stats(r.latencies) })) };
  } finally {
    await browser.close();
    site.close();
  }
}

/** What `load` needs of an emulator, from a ready line. */
function hostHandle(ready) {
  return {
    baseUrl: ready.base_url,
    publicToken: ready.public_token,
    reset: () => fetch(`${ready.base_url}/_emulator/reset`, { method: 'POST' }).then((r) => r.json()),
  };
}

function hostsTable(h) {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const cell = (x) => `${ms(x.median)} / ${ms(x.p95)}`;
  const rps = (rows, i) => `${rows[i].rps.toFixed(0)} (${ms(rows[i].median)})`;
  const { starts: s, throughput: t } = h;
  return [
    `**The emulator's hosts** (start-up: ${s.native.n} runs each, taking turns, median / p95; throughput: 8 concurrent keep-alive connections for ${N.loadSeconds} s, requests/s and median latency):`,
    '',
    row(['host', 'start-up', 'sessions.authenticate', 'sessions.authenticate (new expiry each time)']),
    row(['---', '---', '---', '---']),
    row(['native binary (spawn to ready line)', cell(s.native), rps(t.native, 0), rps(t.native, 1)]),
    row(['`npx stytch-emulator` (wasm core, Node host; spawn to ready line)', cell(s.npx), rps(t.npx, 0), rps(t.npx, 1)]),
    row([
      'in-process `startEmulator()`, first in a process (import to handle)',
      cell(s.inProcessFirst),
      rps(t.inProcess, 0),
      rps(t.inProcess, 1),
    ]),
    row(['in-process `startEmulator()`, next in the same process', cell(s.inProcessNext), '', '']),
    row([
      'Service Worker (`registerEmulator()` in a fresh browser context: import to first answer; load from the page)',
      cell(s.serviceWorker),
      rps(t.serviceWorker, 0),
      rps(t.serviceWorker, 1),
    ]),
  ].join('\n');
}

// ---------- report ----------

function startupTable(startup) {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const cell = (x) => `${ms(x.median)} / ${ms(x.p95)}`;
  const line = (label, ours, theirs) => row([label, cell(ours), cell(theirs), (ours.median / theirs.median).toFixed(2)]);
  const { ours, oursUnbundled, theirs } = startup;
  return [
    `**Start-up** (fresh browser context each run, ${ours.load.n} runs; median / p95):`,
    '',
    row(['', 'ours', 'Stytch', 'ratio (median)']),
    row(['---', '---', '---', '---']),
    line(
      'module load to ready (the importing code runs; ours then loads its wasm in the background), each an esbuild bundle',
      ours.load,
      theirs.load,
    ),
    line(
      'import to first call (import, constructor, one call answered by the emulator; ours: the call waits for the wasm)',
      ours.firstCall,
      theirs.firstCall,
    ),
    line('module load to ready, ours unbundled (`js/index.js` and its imports fetched one by one)', oursUnbundled.load, theirs.load),
    line('import to first call, ours unbundled', oursUnbundled.firstCall, theirs.firstCall),
    line('constructor', ours.construct, theirs.construct),
  ].join('\n');
}

function report(r) {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const ratio = (a, b) => (a / b).toFixed(2);
  const kb = (b) => `${(b / 1024).toFixed(0)} KiB`;
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (node bench/run.mjs) on this project's 2-core machine, Debian Chromium headless, emulator on loopback.`,
    '',
    '**Size** (what the browser downloads for the four MFA calls; esbuild-minified ESM):',
    '',
    sizeTable(r.size),
    '',
    startupTable(r.startup),
    '',
    `**Per-call overhead** (time in the client, the browser's fetch and loopback, minus the emulator's own time from Server-Timing; each call of ${N.flows} flows of each kind, the clients taking turns ten flows at a time; median / p95):`,
    '',
    row(['flow', 'ours', 'Stytch', 'ratio (median)']),
    row(['---', '---', '---', '---']),
    row([
      'password → SMS OTP → session',
      `${ms(r.overhead.ours.sms.median)} / ${ms(r.overhead.ours.sms.p95)}`,
      `${ms(r.overhead.theirs.sms.median)} / ${ms(r.overhead.theirs.sms.p95)}`,
      ratio(r.overhead.ours.sms.median, r.overhead.theirs.sms.median),
    ]),
    row([
      'password → TOTP enrollment → session',
      `${ms(r.overhead.ours.totp.median)} / ${ms(r.overhead.ours.totp.p95)}`,
      `${ms(r.overhead.theirs.totp.median)} / ${ms(r.overhead.theirs.totp.p95)}`,
      ratio(r.overhead.ours.totp.median, r.overhead.theirs.totp.median),
    ]),
    '',
    `**Memory** (after ${N.memoryWarmup} and after ${N.memory} login → refresh → logout flows, after a forced GC):`,
    '',
    row(['', 'JS heap', 'wasm memory']),
    row(['---', '---', '---']),
    row([
      'ours',
      `${kb(r.memory.ours.before.heap)} → ${kb(r.memory.ours.after.heap)}`,
      `${kb(r.memory.ours.before.wasm)} → ${kb(r.memory.ours.after.wasm)}`,
    ]),
    row(['Stytch', `${kb(r.memory.theirs.before.heap)} → ${kb(r.memory.theirs.after.heap)}`, 'n/a']),
    '',
    `**The emulator alone** (8 concurrent keep-alive connections for ${N.loadSeconds} s each, loopback):`,
    '',
    row(['endpoint', 'requests/s', 'median', 'p99']),
    row(['---', '---', '---', '---']),
    ...r.load.map((l) => row([l.name, l.rps.toFixed(0), ms(l.median), ms(l.p99)])),
    '',
    hostsTable(r.hosts),
  ];
  return lines.join('\n');
}

function chart(r) {
  const bars = [
    ['size (gzip)', r.size.ours.total.gzip / r.size.theirs.total.gzip],
    ['size (brotli)', r.size.ours.total.brotli / r.size.theirs.total.brotli],
    ['start-up: load', r.startup.ours.load.median / r.startup.theirs.load.median],
    ['start-up: first call', r.startup.ours.firstCall.median / r.startup.theirs.firstCall.median],
    ['start-up: constructor', r.startup.ours.construct.median / r.startup.theirs.construct.median],
    ['per call: SMS flow', r.overhead.ours.sms.median / r.overhead.theirs.sms.median],
    ['per call: TOTP flow', r.overhead.ours.totp.median / r.overhead.theirs.totp.median],
  ];
  const max = Math.max(2, ...bars.map(([, v]) => v));
  const W = 640,
    left = 170,
    barH = 26,
    gap = 12,
    top = 40;
  const x = (v) => left + (v / max) * (W - left - 60);
  const H = top + bars.length * (barH + gap) + 30;
  const rows = bars
    .map(([label, v], i) => {
      const y = top + i * (barH + gap);
      const color = v <= 1 ? '#2e9d5b' : '#d0573a';
      return `<text x="${left - 8}" y="${y + 18}" text-anchor="end">${label}</text><rect x="${left}" y="${y}" width="${x(v) - left}" height="${barH}" fill="${color}"/><text x="${x(v) + 6}" y="${y + 18}">${v.toFixed(2)}×</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="system-ui,sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/><text x="${left}" y="22" font-weight="600">ours / Stytch's client (lower is better; 1× = equal)</text>
${rows}<line x1="${x(1)}" y1="${top - 6}" x2="${x(1)}" y2="${H - 24}" stroke="#333" stroke-dasharray="4 3"/><text x="${x(1)}" y="${H - 8}" text-anchor="middle">1×</text></svg>\n`;
}

// ---------- main ----------

// The load test times wrong codes and repeated sends on purpose: raise the brute-force limits.
const limitsSeed = seedFileWithLimits({ user_lock_threshold: 1000000, sms_sends_per_phone: 1000000, sms_sends_per_member: 1000000 });
const emu = await startEmulator(['--seed', limitsSeed]);
if (HOSTS_ONLY) {
  emu.stop();
  console.log(hostsTable(await hosts(limitsSeed)));
  process.exit(0);
}
if (EMULATOR_ONLY) {
  for (const l of await load(emu)) console.log(`${l.name}: ${l.rps.toFixed(0)} requests/s, median ${ms(l.median)}, p99 ${ms(l.p99)}`);
  emu.stop();
  process.exit(0);
}
const site = await pages();
const browser = await launchBrowser();
if (STARTUP_ONLY) {
  try {
    console.log(startupTable(await startup(browser, site, emu)));
  } finally {
    await browser.close();
    site.close();
    emu.stop();
  }
  process.exit(0);
}
let r;
try {
  r = { size: await measureSizes(), startup: await startup(browser, site, emu), overhead: await overhead(browser, site, emu), memory: {} };
  for (const which of ['ours', 'theirs']) r.memory[which] = await memory(browser, site, emu, which);
} finally {
  await browser.close();
  site.close();
}
// The emulator's load test runs with the browser closed: "the emulator alone".
try {
  r.load = await load(emu);
} finally {
  emu.stop();
}
r.hosts = await hosts(limitsSeed);
const table = report(r);
console.log(table);
if (!SMOKE) {
  writeFileSync(path.join(ROOT, 'bench/results.md'), table + '\n');
  writeFileSync(path.join(ROOT, 'bench/results.svg'), chart(r));
  const readmePath = path.join(ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const [start, end] = ['<!-- bench:start -->', '<!-- bench:end -->'];
  if (readme.includes(start) && readme.includes(end)) {
    const section = `${start}\n![ours / Stytch's client](bench/results.svg)\n\n${table}\n${end}`;
    writeFileSync(readmePath, readme.slice(0, readme.indexOf(start)) + section + readme.slice(readme.indexOf(end) + end.length));
  }
} else {
  console.log('\nbench smoke run: ok');
}
