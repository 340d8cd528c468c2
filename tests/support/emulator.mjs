// Starts the emulator binary on a free port and talks to its control API.
import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const SEED = {
  publicToken: 'public-token-test-00000000-0000-4000-8000-000000000000',
  projectId: 'project-test-00000000-0000-4000-8000-000000000000',
  password: 'mfa-demo-password',
  acme: 'organization-test-00000000-0000-4000-8000-000000000001',
  globex: 'organization-test-00000000-0000-4000-8000-000000000002',
  initech: 'organization-test-00000000-0000-4000-8000-000000000003',
  umbrella: 'organization-test-00000000-0000-4000-8000-000000000004',
  umbrellaMember: { id: 'member-test-00000000-0000-4000-8000-000000000401', email: 'links.member@umbrella.test', phone: '+15555550401' },
  acmeNew: { id: 'member-test-00000000-0000-4000-8000-000000000101', email: 'new.member@acme.test' },
  acmeSms: { id: 'member-test-00000000-0000-4000-8000-000000000102', email: 'sms.member@acme.test', phone: '+15555550102' },
  acmeTotp: { id: 'member-test-00000000-0000-4000-8000-000000000103', email: 'totp.member@acme.test', secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' },
  consumer: { id: 'user-test-00000000-0000-4000-8000-000000000301', email: 'consumer@example.test' },
  globexMember: { id: 'member-test-00000000-0000-4000-8000-000000000201', email: 'optional.member@globex.test' },
};

export function emulatorBinary() {
  const bin = process.env.EMULATOR_BIN || path.join(ROOT, 'target/debug/stytch-emulator');
  if (!existsSync(bin)) throw new Error(`emulator binary not found at ${bin}; run cargo build -p stytch-emulator`);
  return bin;
}

/**
 * The built-in seed with `project.limits` replaced, written to a temporary file for `--seed`:
 * for harnesses that send many codes or wrong guesses on purpose (benchmarks), which the
 * emulator's user locks and SMS rate limits would otherwise stop.
 */
export function seedFileWithLimits(limits) {
  const seed = JSON.parse(execFileSync(emulatorBinary(), ['--print-seed'], { encoding: 'utf8' }));
  seed.project.limits = limits;
  const file = path.join(os.tmpdir(), `stytch-emulator-seed-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

export async function startEmulator(args = []) {
  const child = spawn(emulatorBinary(), ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line)));
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

  reset() { return this.control('POST', '/_emulator/reset'); }
  requests() { return this.control('GET', '/_emulator/requests').then((r) => r.requests); }
  clearRequests() { return this.control('DELETE', '/_emulator/requests'); }
  addFault(fault) { return this.control('POST', '/_emulator/faults', fault); }
  clearFaults() { return this.control('DELETE', '/_emulator/faults'); }
  advanceClock(seconds) { return this.control('POST', '/_emulator/clock', { advance_seconds: seconds }); }
  async nowUnix() { return (await this.control('GET', '/_emulator/clock')).now_unix; }

  async outbox(to) {
    const q = to ? `?to=${encodeURIComponent(to)}` : '';
    return (await this.control('GET', `/_emulator/outbox${q}`)).messages;
  }

  async lastSmsCode(phone) {
    const messages = await this.outbox(phone);
    if (!messages.length) throw new Error(`no SMS sent to ${phone}`);
    return messages[messages.length - 1].code;
  }

  /** What Stytch's backend SDKs take: only `env` (the base URL) differs from real Stytch. */
  backendConfig() {
    return { project_id: this.projectId, secret: this.secret, env: `${this.baseUrl}/` };
  }

  stop() {
    this.child.kill('SIGTERM');
  }
}
