// The Node host of the emulator's core (emulator/wasm, built to ../wasm/): it owns the socket
// (node:http), reads each request's body within the core's limits, hands the request to the
// wasm and writes its answer, and keeps the `--state` file. Everything Stytch-shaped (routes,
// errors, the control API, host-name and origin checks) is the core's.
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { generateKeyPair, webcrypto } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import * as wasm from '../wasm/stytch_emulator_wasm.js';

// The wasm's randomness is crypto.getRandomValues; Node 18 has it only under node:crypto.
if (!globalThis.crypto) Object.defineProperty(globalThis, 'crypto', { value: webcrypto, configurable: true });

let loaded;
/** Compiles and instantiates the wasm once per process; every emulator shares the instance. */
function loadWasm() {
  loaded ??= (async () => {
    const bytes = readFileSync(new URL('../wasm/stytch_emulator_wasm_bg.wasm', import.meta.url));
    wasm.initSync({ module: await WebAssembly.compile(bytes) });
    return JSON.parse(wasm.limits());
  })();
  return loaded;
}

/** The built-in seed (`--print-seed`). */
export async function defaultSeed() {
  await loadWasm();
  return wasm.defaultSeed();
}

// RSA-2048 key generation takes about a second in wasm and milliseconds in Node's OpenSSL
// (off the main thread, the two keys at once).
const newKeyPair = promisify(generateKeyPair);
const signingKey = () =>
  newKeyPair('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).then((pair) => pair.privateKey);

let keys;
/**
 * The two projects' signing keys, made once per process: emulators started in one process (a
 * test file's) sign with the same keys, and each start after the first costs no key generation.
 */
function processKeys() {
  keys ??= Promise.all([signingKey(), signingKey()]);
  return keys;
}

/**
 * A core: `{ core, limits }`. `options`: `seed` (a seed file's text), `state` (a state file's
 * text) with `stateName` (its name for messages), `persist` (snapshots for a state file),
 * `host`, `controlOrigins`, `allowedHosts`. Throws an Error saying what is wrong with a seed or
 * a state.
 */
export async function createCore(options) {
  const [limits, [b2bKeyPem, consumerKeyPem]] = await Promise.all([loadWasm(), options.state ? [] : processKeys()]);
  const core = new wasm.Emulator(JSON.stringify({ ...options, b2bKeyPem, consumerKeyPem }));
  return { core, limits };
}

/** Writes the state file as the native binary does: a fresh temporary file, fsynced, renamed over it. */
export class StateFile {
  constructor(file) {
    this.file = path.resolve(file);
    this.dir = path.dirname(this.file);
    this.prefix = `.${path.basename(this.file)}.`;
    this.written = 0;
    // Temporary files of a process killed mid-write.
    for (const name of safe(() => readdirSync(this.dir), [])) {
      if (name.startsWith(this.prefix) && name.endsWith('.tmp')) safe(() => rmSync(path.join(this.dir, name)));
    }
  }

  /** The file's text, or undefined when there is none yet. */
  read() {
    try {
      return readFileSync(this.file, 'utf8');
    } catch (e) {
      if (e.code === 'ENOENT') return undefined;
      throw new Error(`reading the state file ${this.file}: ${e.message}`);
    }
  }

  write(bytes) {
    const tmp = path.join(this.dir, `${this.prefix}${process.pid}.${this.written++}.tmp`);
    try {
      const fd = openSync(tmp, 'w');
      try {
        writeSync(fd, bytes);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
    } catch (e) {
      safe(() => rmSync(tmp));
      throw e;
    }
    // The rename itself survives a crash once the directory is synced (not possible on Windows).
    safe(() => {
      const fd = openSync(this.dir, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    });
  }
}

function safe(fn, fallback) {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** How often the server closes connections whose head is overdue: how late it may be. */
const HEAD_TIMEOUT_CHECK_MS = 500;

class Refused extends Error {
  constructor(status) {
    super(`refused with ${status}`);
    this.status = status;
  }
}

/** The request's body, at most `limit` bytes within `ms`; else throws `Refused` (413, 408). */
function readBody(req, limit, ms) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const fail = (status) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.removeAllListeners('end');
      // Whatever else comes is read and dropped; the answer closes the connection.
      req.resume();
      reject(new Refused(status));
    };
    const timer = setTimeout(() => fail(408), ms);
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) fail(413);
      else chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', () => fail(400));
  });
}

/** The core's Stytch-shaped error for a status the host answers itself, closing the connection. */
function refuse(res, status) {
  if (res.headersSent) return res.destroy();
  const body = wasm.errorBody(status);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/** The same for a request head Node's parser refused: written to the socket as it is. */
function refuseHead(err, socket) {
  // A head not sent in time is closed without an answer, as the native server (hyper) does:
  // the connection may be an idle keep-alive one, whose client would read a stray 408 as the
  // answer to its next request.
  if (err.code === 'ECONNRESET' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || !socket.writable) return socket.destroy();
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = wasm.errorBody(status);
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Headers as the core gives them (name, value, ...), grouped for `writeHead` (Set-Cookie repeats). */
function grouped(flat) {
  const out = {};
  for (let i = 0; i + 1 < flat.length; i += 2) (out[flat[i]] ??= []).push(flat[i + 1]);
  for (const k of Object.keys(out)) if (out[k].length === 1) out[k] = out[k][0];
  return out;
}

/**
 * Serves `core` on `host`:`port` (0 picks a free port). With `stateFile`, each change is written
 * before its answer is sent. Resolves to `{ server, baseUrl, close() }`; rejects with the
 * native binary's message when the address cannot be bound.
 */
export async function serve({ core, limits }, { host = '127.0.0.1', port = 0, stateFile } = {}) {
  const keep = () => {
    const snapshot = stateFile && core.takeSnapshot();
    if (snapshot) stateFile.write(snapshot);
  };
  // The state at start (the seed's, or the file's own) is on disk before the first request.
  keep();
  const server = http.createServer(
    {
      maxHeaderSize: limits.max_head_bytes,
      // Bodies have their own deadline (readBody); Node's whole-request timeout stays off.
      requestTimeout: 0,
      headersTimeout: limits.header_read_timeout_ms,
      // Node looks for timed-out heads only this often (30 s by default, which would keep a
      // half-sent head open up to 40 s rather than the native 10): one23, issue #23.
      connectionsCheckingInterval: HEAD_TIMEOUT_CHECK_MS,
      keepAliveTimeout: limits.header_read_timeout_ms,
    },
    async (req, res) => {
      try {
        if (Number(req.headers['content-length']) > limits.max_body_bytes) throw new Refused(413);
        const body = await readBody(req, limits.max_body_bytes, limits.body_read_timeout_ms);
        const answer = await core.handle(req.method, req.url, req.rawHeaders, body);
        const { status, headers, dropConnection } = answer;
        const bytes = answer.body;
        answer.free();
        if (dropConnection) return req.socket.destroy();
        try {
          keep();
        } catch (e) {
          console.error(`stytch-emulator: could not write the state file: ${e.message}`);
          return refuse(res, 500);
        }
        res.writeHead(status, grouped(headers));
        res.end(bytes);
      } catch (e) {
        refuse(res, e instanceof Refused ? e.status : 500);
      }
    },
  );
  server.maxConnections = limits.max_connections;
  server.on('clientError', refuseHead);
  await new Promise((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`binding ${host}:${port}: ${e.message}`)));
    server.listen(port, host, resolve);
  });
  const addr = server.address();
  const shown = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
  return {
    server,
    baseUrl: `http://${shown}:${addr.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
