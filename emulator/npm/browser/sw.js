// The emulator in a Service Worker: the same core as the Node host (../wasm, wasm-bindgen's web
// target) answers every request of the site's pages under a path prefix (`/stytch/` unless the
// script's URL says `?prefix=/other/`): the frontend-SDK API (`/stytch/sdk/v1/...`), the
// backend API, the control API and the console (`/stytch/`). No server: a static site runs
// against it. The state survives the worker being stopped: each change is stored in IndexedDB
// before its answer is given, and a worker that starts again restores it.
//
// A module worker (register it with `type: 'module'`; ./index.js does). The browser lets a worker
// control only pages under its script's directory, so a site registers a one-line module at its
// root that imports this file (see ./index.js).
import init, * as wasm from '../wasm/stytch_emulator_wasm.js';

const PREFIX = prefixOf(new URL(self.location.href).searchParams.get('prefix') ?? '/stytch/');
const DB = 'stytch-emulator';
const STORE = 'state';

/** `/stytch/` from `stytch`, `/stytch` or `/stytch/`: the path under which the emulator answers. */
function prefixOf(text) {
  const trimmed = text.replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}

self.addEventListener('install', (event) => {
  // Start at once (no waiting for the site's tabs to close) with the emulator made, so the
  // first request is answered without the start-up cost.
  event.waitUntil(Promise.all([self.skipWaiting(), emulator()]));
});

self.addEventListener('activate', (event) => {
  // The page that registered the worker is served by it without a reload.
  event.waitUntil(self.clients.claim());
});

// registerEmulator asks again when its page is not served by the worker (a hard reload).
self.addEventListener('message', (event) => {
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === PREFIX.slice(0, -1)) return event.respondWith(Response.redirect(PREFIX, 308));
  if (!url.pathname.startsWith(PREFIX)) return;
  event.respondWith(answer(event.request, url));
});

let started;
/** The emulator's core, made once per start of the worker. */
function emulator() {
  started ??= start();
  return started;
}

async function start() {
  const [, stored] = await Promise.all([init(), load()]);
  const state = stored && new TextDecoder().decode(stored);
  const [b2bKeyPem, consumerKeyPem] = state ? [] : await Promise.all([signingKey(), signingKey()]);
  const core = new wasm.Emulator(
    JSON.stringify({
      state,
      stateName: `IndexedDB ${DB}/${STORE}/${PREFIX}`,
      persist: true,
      b2bKeyPem,
      consumerKeyPem,
      // Only this origin's pages reach the worker (another site's requests go to the network,
      // not here), so the console and the control API answer under the site's own name: DNS
      // rebinding, which the core's host check stops, cannot reach a Service Worker. Chromium
      // shows a worker no Origin on a page's fetch; a browser that does shows this one.
      allowedHosts: [self.location.host],
      controlOrigins: [self.location.origin],
    }),
  );
  if (core.notice) console.warn(`stytch-emulator: ${core.notice}`);
  // The starting state (the seed's with this start's keys) is stored before any answer, so a
  // worker started again signs with the same keys.
  await keep(core);
  return core;
}

/**
 * An RSA-2048 signing key as PKCS#8 PEM, made by WebCrypto: milliseconds, where the wasm's own
 * key generation takes about a second.
 */
async function signingKey() {
  const pair = await crypto.subtle.generateKey(
    { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const base64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN PRIVATE KEY-----\n${base64.match(/.{1,64}/g).join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** Answers one request with the core, the prefix taken off its path. */
async function answer(request, url) {
  let core;
  try {
    core = await emulator();
  } catch (e) {
    // A stored state this core cannot read (the message says why; it holds no secrets).
    console.error(`stytch-emulator: ${e.message}`);
    return refuse(500);
  }
  // The core refuses a body over its limit (413) as the native emulator does.
  const body = request.method === 'GET' || request.method === 'HEAD' ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
  const target = `/${url.pathname.slice(PREFIX.length)}${url.search}`;
  const reply = await core.handle(request.method, target, headersOf(request, url), body);
  const { status, headers, dropConnection } = reply;
  const bytes = reply.body;
  reply.free();
  // An injected `drop` fault: the page sees a network error, as when a server closes the connection.
  if (dropConnection) return Response.error();
  try {
    await keep(core);
  } catch (e) {
    console.error(`stytch-emulator: could not store the state: ${e.message}`);
    return refuse(500);
  }
  const out = new Headers();
  for (let i = 0; i + 1 < headers.length; i += 2) out.append(headers[i], headers[i + 1]);
  const empty = [101, 204, 205, 304].includes(status) || request.method === 'HEAD';
  return new Response(empty ? null : bytes, { status, headers: out });
}

/**
 * The request's headers as the core takes them (name, value, ...), with the Host a server would
 * see. A navigation (a form) may come from another site's page; Chromium shows the worker its
 * Origin and the core's control-API check refuses a foreign one, as the native emulator does. A
 * browser that shows none gets one from the referrer (`null` when hidden), so it is refused too.
 */
function headersOf(request, url) {
  const flat = ['host', url.host];
  for (const [name, value] of request.headers) if (name !== 'host') flat.push(name, value);
  const formSent = request.mode === 'navigate' && request.method !== 'GET' && request.method !== 'HEAD';
  if (formSent && !request.headers.has('origin')) flat.push('origin', request.referrer ? new URL(request.referrer).origin : 'null');
  return flat;
}

/** The core's Stytch-shaped error for a status the worker answers itself. */
function refuse(status) {
  return new Response(wasm.errorBody(status), { status, headers: { 'content-type': 'application/json' } });
}

/** Stores the newest snapshot not yet stored (the transaction is opened before any await, so stores happen in order). */
async function keep(core) {
  const snapshot = core.takeSnapshot();
  if (snapshot) await save(snapshot);
}

function database() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

let db;
/** One request on the store, keyed by the prefix (two prefixes on one site are two emulators). */
async function onStore(mode, act) {
  db ??= await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = act(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

const load = () => onStore('readonly', (s) => s.get(PREFIX));
const save = (bytes) => onStore('readwrite', (s) => s.put(bytes, PREFIX));
