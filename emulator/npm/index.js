// stytch-emulator: a local Stytch-compatible B2B backend, started in-process over real HTTP.
// The emulator's core runs as WebAssembly (no Rust toolchain, no native binary).
import { readFileSync } from 'node:fs';
import { createCore, serve, StateFile } from './lib/host.js';

export { defaultSeed } from './lib/host.js';

const text = (value) =>
  value === undefined || typeof value === 'string'
    ? value
    : value instanceof Uint8Array
      ? Buffer.from(value).toString('utf8')
      : JSON.stringify(value);

/**
 * Starts an emulator on a free loopback port (see index.d.ts for the options and the handle).
 */
export async function startEmulator(options = {}) {
  const stateFile = options.stateFile ? new StateFile(options.stateFile) : undefined;
  const seed = options.seedFile ? readFileSync(options.seedFile, 'utf8') : text(options.seed);
  const state = text(options.state) ?? stateFile?.read();
  const host = options.host ?? '127.0.0.1';
  const emulator = await createCore({
    seed,
    state,
    stateName: stateFile?.file,
    persist: Boolean(stateFile),
    host,
    controlOrigins: options.controlOrigins ?? [],
    allowedHosts: options.allowedHosts ?? [],
  });
  let served;
  try {
    served = await serve(emulator, { host, port: options.port ?? 0, stateFile });
  } catch (e) {
    emulator.core.free();
    throw e;
  }
  const ready = JSON.parse(emulator.core.readyLine(served.baseUrl));
  const url = served.baseUrl;

  const control = async (method, p, body) => {
    const res = await fetch(url + p, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const answer = await res.json();
    if (!res.ok)
      throw Object.assign(new Error(`${method} ${p}: ${answer.error_message ?? res.status}`), { status: res.status, body: answer });
    return answer;
  };
  let stopped = false;
  return {
    url,
    projectId: ready.project_id,
    secret: ready.secret,
    publicToken: ready.public_token,
    consumer: { projectId: ready.consumer.project_id, publicToken: ready.consumer.public_token, secret: ready.consumer.secret },
    outbox: async (to) => (await control('GET', `/_emulator/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`)).messages,
    clock: {
      now: async () => (await control('GET', '/_emulator/clock')).now_unix,
      advance: async (seconds) => (await control('POST', '/_emulator/clock', { advance_seconds: seconds })).now_unix,
    },
    faults: {
      add: (fault) => control('POST', '/_emulator/faults', fault),
      list: async () => (await control('GET', '/_emulator/faults')).faults,
      clear: () => control('DELETE', '/_emulator/faults'),
    },
    requests: async () => (await control('GET', '/_emulator/requests')).requests,
    reset: () => control('POST', '/_emulator/reset'),
    exportState: () => control('GET', '/_emulator/state'),
    importState: (exported) => control('PUT', '/_emulator/state', text(exported)),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await served.close();
      emulator.core.free();
    },
  };
}
