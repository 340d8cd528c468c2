// Starts the emulator binary on a free port and talks to its control API.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The ids of the emulator's built-in seed, read from the one fixture every test uses.
const seedFile = JSON.parse(readFileSync(path.join(ROOT, 'emulator/seed/default.json'), 'utf8'));
const org = (slug) => seedFile.organizations.find((o) => o.organization_slug === slug);
function member(email) {
  const m = seedFile.organizations.flatMap((o) => o.members).find((x) => x.email_address === email);
  return { id: m.member_id, email, phone: m.mfa_phone_number, secret: m.totp?.secret };
}
const user = seedFile.users[0];

export const SEED = {
  publicToken: seedFile.project.public_token,
  projectId: seedFile.project.project_id,
  // The consumer project: its own id, public token and secret (Stytch keeps B2B and consumer
  // projects apart).
  consumerProject: {
    projectId: seedFile.consumer_project.project_id,
    publicToken: seedFile.consumer_project.public_token,
    secret: seedFile.consumer_project.secret,
  },
  password: user.password,
  acme: org('acme').organization_id,
  globex: org('globex').organization_id,
  globexSaml: org('globex').sso_connections[0].connection_id,
  initech: org('initech').organization_id,
  umbrella: org('umbrella').organization_id,
  umbrellaMember: member('links.member@umbrella.test'),
  acmeNew: member('new.member@acme.test'),
  acmeSms: member('sms.member@acme.test'),
  acmeTotp: member('totp.member@acme.test'),
  consumer: { id: user.user_id, email: user.email },
  globexMember: member('optional.member@globex.test'),
  // #22 flows: an organization open to its email domain, its invited member, and an email
  // that belongs to it and to Initech.
  piedPiper: org('piedpiper').organization_id,
  piedPiperInvited: member('invited.member@piedpiper.test'),
  sharedEmail: 'shared.member@piedpiper.test',
  // members (#22): an organization with an admin, a plain member and a custom role.
  soylent: org('soylent').organization_id,
  soylentAdmin: member('admin.member@soylent.test'),
  soylentPlain: member('plain.member@soylent.test'),
  soylentManager: member('manager.member@soylent.test'),
};

export function emulatorBinary() {
  const bin = process.env.EMULATOR_BIN || path.join(ROOT, 'target/debug/stytch-emulator');
  if (!existsSync(bin)) throw new Error(`emulator binary not found at ${bin}; run cargo build -p stytch-emulator`);
  return bin;
}

// npm23: which host runs the emulator. STYTCH_EMULATOR_HOST=npm runs the npm package's bin
// (emulator/npm: the core as wasm with a Node host) with the same flags and ready line;
// anything else, the native binary.
export const NPM_HOST = process.env.STYTCH_EMULATOR_HOST === 'npm';
export const NPM_PACKAGE = path.join(ROOT, 'emulator/npm');

/** The program and leading arguments that start the emulator on the chosen host. */
export function emulatorCommand() {
  if (!NPM_HOST) return [emulatorBinary(), []];
  if (!existsSync(path.join(NPM_PACKAGE, 'wasm/stytch_emulator_wasm_bg.wasm'))) {
    throw new Error('the npm emulator is not built; run bash scripts/build-emulator-npm.sh');
  }
  return [process.execPath, [path.join(NPM_PACKAGE, 'bin/stytch-emulator.js')]];
}

/**
 * The built-in seed with `project.limits` replaced, written to a temporary file for `--seed`:
 * for harnesses that send many codes or wrong guesses on purpose (benchmarks), which the
 * emulator's user locks and SMS rate limits would otherwise stop.
 */
export function seedFileWithLimits(limits) {
  const [program, leading] = emulatorCommand();
  const seed = JSON.parse(execFileSync(program, [...leading, '--print-seed'], { encoding: 'utf8' }));
  seed.project.limits = limits;
  const file = path.join(os.tmpdir(), `stytch-emulator-seed-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

/** How many of its last stderr lines show why an emulator failed. */
const STDERR_LINES = 40;

/** `text` without all but its last `n` lines. */
function lastLines(text, n) {
  const lines = text.split('\n');
  // A text ending in a newline splits into one more (empty) piece.
  return lines.slice(Math.max(0, lines.length - n - 1)).join('\n');
}

/**
 * An emulator's stderr, kept (its last lines) rather than shown: a passing run prints none of
 * it; a failing one shows why (the emulator never logs codes, secrets or tokens).
 */
class StderrTail {
  constructor(stream) {
    this.text = '';
    this.shown = false;
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      this.text = lastLines(this.text + chunk, STDERR_LINES);
    });
  }

  /** The kept lines, under a heading that says why they are shown. */
  report(why) {
    const text = this.text.trimEnd();
    return `the emulator's stderr (${why}; its last ${STDERR_LINES} lines):\n${text || '(nothing)'}`;
  }

  /** Writes the kept lines to this process's stderr, once. */
  show(why) {
    if (this.shown) return;
    this.shown = true;
    process.stderr.write(`\n${this.report(why)}\n`);
  }
}

// The emulators this process started: a test process that ends failing (node:test sets a failed
// run's exit code) shows each one's last stderr lines.
const started = new Set();
process.on('exit', (code) => {
  if (code !== 0) for (const tail of started) tail.show(`a test failed, exit code ${code}`);
});

export async function startEmulator(args = []) {
  const [program, leading] = emulatorCommand();
  const child = spawn(program, [...leading, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = new StderrTail(child.stderr);
  started.add(stderr);
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    // `close`, not `exit`: by then its stderr has been read to the end.
    const failed = (code, signal) => {
      stderr.shown = true; // said in the error instead
      reject(new Error(`emulator exited with ${code ?? signal} before it was ready; ${stderr.report('its start failed')}`));
    };
    child.once('close', failed);
    lines.once('line', (line) => {
      child.off('close', failed);
      resolve(JSON.parse(line));
    });
  });
  // An emulator that ends while the tests still use it (not stopped: a crash) says why at once.
  child.once('close', (code, signal) => {
    if (!child.killed) stderr.show(`it exited with ${code ?? signal} while the tests ran`);
  });
  return new Emulator(child, ready);
}

export class Emulator {
  constructor(child, ready) {
    this.child = child;
    this.baseUrl = ready.base_url;
    this.publicToken = ready.public_token;
    this.projectId = ready.project_id;
    this.secret = ready.secret;
    /** The consumer project's `{project_id, public_token, secret}`. */
    this.consumer = ready.consumer;
  }

  async control(method, p, body) {
    const res = await fetch(this.baseUrl + p, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  reset() {
    return this.control('POST', '/_emulator/reset');
  }
  requests() {
    return this.control('GET', '/_emulator/requests').then((r) => r.requests);
  }
  clearRequests() {
    return this.control('DELETE', '/_emulator/requests');
  }
  addFault(fault) {
    return this.control('POST', '/_emulator/faults', fault);
  }
  clearFaults() {
    return this.control('DELETE', '/_emulator/faults');
  }
  advanceClock(seconds) {
    return this.control('POST', '/_emulator/clock', { advance_seconds: seconds });
  }
  async nowUnix() {
    return (await this.control('GET', '/_emulator/clock')).now_unix;
  }

  async outbox(to) {
    const q = to ? `?to=${encodeURIComponent(to)}` : '';
    return (await this.control('GET', `/_emulator/outbox${q}`)).messages;
  }

  async lastSmsCode(phone) {
    const messages = await this.outbox(phone);
    if (!messages.length) throw new Error(`no SMS sent to ${phone}`);
    return messages[messages.length - 1].code;
  }

  /**
   * What Stytch's B2B backend SDK client takes: only `env` (the base URL) differs from real
   * Stytch.
   */
  backendConfig() {
    return { project_id: this.projectId, secret: this.secret, env: `${this.baseUrl}/` };
  }

  /** The same for Stytch's consumer client (`new stytch.Client`): the consumer project's keys. */
  consumerBackendConfig() {
    return { project_id: this.consumer.project_id, secret: this.consumer.secret, env: `${this.baseUrl}/` };
  }

  /** What the example server (`examples/server/server.mjs`) takes to reach this emulator. */
  exampleServerConfig() {
    return {
      projectId: this.projectId,
      secret: this.secret,
      consumer: { projectId: this.consumer.project_id, secret: this.consumer.secret },
      stytchApi: this.baseUrl,
    };
  }

  stop() {
    this.child.kill('SIGTERM');
  }
}
