// The example apps as static files, under one origin with the API (so the browser sends the
// session cookies the client wrote to the server that checks them).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MOUNTS = [
  ['/vanilla/', 'examples/vanilla'],
  ['/react/', 'examples/react-vite/dist'],
  ['/consumer/', 'examples/consumer'],
  ['/shared/', 'examples/shared'],
  ['/dist/', 'dist'],
];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png' };
const INDEX = `<!doctype html><meta charset="utf-8"><title>MFA demo</title><link rel="icon" href="data:,">
<style>body{font:16px system-ui;margin:3rem auto;max-width:34rem}a{display:block;margin:.6rem 0}</style>
<h1>Stytch MFA demo</h1>
<h2>B2B (browser SDK, checked again by this server)</h2>
<a href="react/">React + Vite example</a><a href="vanilla/">Plain page, script tag</a>
<h2>Consumer (server-side, Stytch's consumer MFA guide)</h2>
<a href="consumer/">Password, then an SMS code, then a protected page</a>
<p>Every seeded account's password is <code>mfa-demo-password</code>; SMS codes appear on the emulator's page.</p>`;

/** Answers a GET for a static file; returns false when the path is not one of ours. */
export async function serveStatic(url, res) {
  if (url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(INDEX);
    return true;
  }
  const mount = MOUNTS.find(([prefix]) => url.startsWith(prefix));
  if (!mount) return false;
  const base = path.join(ROOT, mount[1]);
  let file = path.join(base, path.normalize(url.slice(mount[0].length)));
  if (!file.startsWith(base)) {
    res.writeHead(403).end();
    return true;
  }
  if (url.endsWith('/')) file = path.join(file, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
  return true;
}
