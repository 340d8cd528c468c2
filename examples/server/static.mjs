// The example apps as static files, under one origin with the API (so the browser sends the
// session cookies the client wrote to the server that checks them).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MOUNTS = [
  ['/vanilla/', 'examples/vanilla'],
  ['/react/', 'examples/react-vite/dist'],
  // The React app's consent page (see CONSENT_PAGE): its relative asset paths resolve here.
  ['/oauth/assets/', 'examples/react-vite/dist/assets'],
  ['/leptos/pkg/', 'examples/leptos/pkg'],
  ['/leptos/', 'examples/leptos/public'],
  ['/consumer/', 'examples/consumer'],
  ['/shared/', 'examples/shared'],
  ['/dist/', 'dist'],
];
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * The one static file server of the repo (the example server, the demo, and the tests' pages):
 * `mounts` are [url prefix, directory] pairs (the first match wins; `index.html` for a path
 * ending in `/`), `pages` are in-memory files by exact path ({type, body}). The handler answers
 * a GET and returns true, or returns false when the path is neither.
 */
export function staticFiles(mounts, pages = {}) {
  const resolved = mounts.map(([prefix, dir]) => [prefix, path.resolve(ROOT, dir)]);
  return async (pathname, res) => {
    const page = pages[pathname];
    if (page) {
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
      return true;
    }
    const mount = resolved.find(([prefix]) => pathname.startsWith(prefix));
    if (!mount) return false;
    const [prefix, base] = mount;
    let file = path.join(base, path.normalize(pathname.slice(prefix.length)));
    if (file !== base && !file.startsWith(base + path.sep)) {
      res.writeHead(403).end();
      return true;
    }
    if (pathname.endsWith('/')) file = path.join(file, 'index.html');
    try {
      const body = await readFile(file);
      res
        .writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' })
        .end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
    return true;
  };
}

const INDEX = `<!doctype html><meta charset="utf-8"><title>MFA demo</title><link rel="icon" href="data:,">
<style>body{font:16px system-ui;margin:3rem auto;max-width:34rem}a{display:block;margin:.6rem 0}</style>
<h1>Stytch MFA demo</h1>
<h2>B2B (browser SDK, checked again by this server)</h2>
<a href="react/">React + Vite example</a><a href="vanilla/">Plain page, script tag</a><a href="leptos/">Leptos, on the typed Rust API</a>
<h2>Consumer (server-side, Stytch's consumer MFA guide)</h2>
<a href="consumer/">Password, then an SMS code, then a protected page</a>
<h2>Connected Apps</h2>
<p>The React app's consent page is <code>/oauth/authorize</code>; an OAuth client (the demo's Connected-App example) sends you there.</p>
<p>Every seeded account's password is <code>mfa-demo-password</code>; SMS codes appear on the emulator's page.</p>`;

/**
 * The Connected Apps consent page (#24) at the project's authorization URL's path: the React
 * app's page, which shows the consent step when opened there.
 */
export const CONSENT_PAGE = '/oauth/authorize';

const files = staticFiles(MOUNTS, { '/': { type: 'text/html', body: INDEX } });

/** The example apps, their shared files, the package's classic-script build, and the index. */
export const serveStatic = (pathname, res) => files(pathname === CONSENT_PAGE ? '/react/' : pathname, res);
