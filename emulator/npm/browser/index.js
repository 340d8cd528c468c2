// stytch-emulator/browser: registers the emulator's Service Worker (./sw.js) for a static site,
// so its pages call a local Stytch at `<origin>/stytch` with no server at all.
//
// A worker controls only the pages under its script's directory, and the site's pages are not
// under the package's folder: the site serves, at its root, a module of one line that imports
// the worker, e.g. /stytch-emulator-sw.js:
//   import './stytch-emulator/browser/sw.js';
// (with the package's browser/ and wasm/ folders copied to /stytch-emulator/).

/**
 * Registers the worker and waits until it answers this page. Options: `script` (the root
 * module above; default `/stytch-emulator-sw.js`), `scope` (the pages it serves; default `/`),
 * `prefix` (the path it answers under; default `/stytch/`). Resolves to `{ baseUrl,
 * publicToken, projectId, registration }`: `baseUrl` is the client's `customBaseUrl`.
 */
export async function registerEmulator({ script = '/stytch-emulator-sw.js', scope = '/', prefix = '/stytch/' } = {}) {
  if (!('serviceWorker' in navigator)) {
    throw new Error('stytch-emulator: Service Workers need a secure context (https, or http on localhost) and a browser with them.');
  }
  const url = new URL(script, location.href);
  url.searchParams.set('prefix', prefix);
  const registration = await navigator.serviceWorker.register(url, { type: 'module', scope, updateViaCache: 'none' });
  const worker = registration.installing || registration.waiting || registration.active;
  await activated(worker);
  if (!location.href.startsWith(registration.scope)) {
    throw new Error(`stytch-emulator: this page is outside the worker's scope ${registration.scope}, so its requests never reach it.`);
  }
  await controlledBy(worker);
  const base = new URL(prefix.replace(/\/*$/, '/'), location.origin).href;
  const res = await fetch(`${base}_emulator/project`);
  const project = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`stytch-emulator: the worker answered ${res.status}: ${project.error_message ?? 'no JSON'}`);
  return { baseUrl: base.replace(/\/$/, ''), publicToken: project.public_token, projectId: project.project_id, registration };
}

function activated(worker) {
  if (worker.state === 'activated') return Promise.resolve();
  return new Promise((resolve, reject) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve();
      if (worker.state === 'redundant') reject(new Error('stytch-emulator: the worker failed to install (see its console).'));
    });
  });
}

/** Waits until `worker` serves this page: it claims its pages when it starts, and again on asking (after a hard reload). */
function controlledBy(worker) {
  const container = navigator.serviceWorker;
  if (container.controller?.scriptURL === worker.scriptURL) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (container.controller?.scriptURL !== worker.scriptURL) return;
      container.removeEventListener('controllerchange', check);
      resolve();
    };
    container.addEventListener('controllerchange', check);
    worker.postMessage('claim');
  });
}
