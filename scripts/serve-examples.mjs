// Serves the two example apps for the demo and the tests:
//   /vanilla/  examples/vanilla (script tag)     /react/  examples/react-vite/dist (built)
//   /shared/, /dist/  what the script-tag example loads.   /  a page linking both.
// Usage: node scripts/serve-examples.mjs [port]   (prints the base URL)
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MOUNTS = [
  ['/vanilla/', 'examples/vanilla'],
  ['/react/', 'examples/react-vite/dist'],
  ['/shared/', 'examples/shared'],
  ['/dist/', 'dist'],
];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png' };
const INDEX = `<!doctype html><meta charset="utf-8"><title>MFA demo</title><link rel="icon" href="data:,">
<style>body{font:16px system-ui;margin:3rem auto;max-width:32rem}a{display:block;margin:.6rem 0}</style>
<h1>Stytch B2B MFA demo</h1><a href="react/">React + Vite example</a><a href="vanilla/">Plain page, script tag</a>
<p>Every seeded member's password is <code>mfa-demo-password</code>; SMS codes appear on the emulator's page.</p>`;

export function startExamplesServer(port = 0, host = '127.0.0.1') {
  const server = http.createServer(async (req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(INDEX);
    const mount = MOUNTS.find(([prefix]) => url.startsWith(prefix));
    if (!mount) return res.writeHead(404).end('not found');
    const base = path.join(ROOT, mount[1]);
    let file = path.join(base, path.normalize(url.slice(mount[0].length)));
    if (!file.startsWith(base)) return res.writeHead(403).end();
    if (url.endsWith('/')) file = path.join(file, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve({ url: `http://${host}:${server.address().port}`, close: () => server.close() })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startExamplesServer(Number(process.argv[2] || 5173));
  console.log(url);
}
