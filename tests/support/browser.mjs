// Headless Debian Chromium driven by playwright-core, and test pages served by the repo's one
// static file server (examples/server/static.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { staticFiles } from '../../examples/server/static.mjs';

export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps trying to reach outside hosts,
// which this machine's closed network refuses. `args` are added to those (a test mapping a
// host name to 127.0.0.1 passes `--host-resolver-rules=...`).
export function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...args,
    ],
  });
}

/** Serves a static handler (examples/server/static.mjs) on 127.0.0.1 and a free port. */
async function serve(handler) {
  const server = http.createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!(await handler(pathname, res))) res.writeHead(404).end('not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Serves `files` ({"/path": {type, body}}) from memory. */
export function serveFiles(files) {
  return serve(staticFiles([], files));
}

/** The page's cookies by name. */
export async function cookieMap(context) {
  return Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
}

/** Serves folders under URL prefixes (`[[prefix, dir], ...]`) and `pages` from memory. */
export function serveMounted(mounts, pages) {
  return serve(staticFiles(mounts, pages));
}

/** Serves a directory (index.html for `/`). */
export function serveDir(root) {
  return serve(staticFiles([['/', root]]));
}

/**
 * What a page importing the package unbundled needs, for `serveFiles`: every `js/*.js`
 * module, the wasm-pack glue, the module with the wasm inlined, and the snippets the glue
 * imports (wasm-pack copies js/host.js under pkg/web/snippets/). One list, so a new module in
 * js/ reaches every page.
 */
export function packageFiles(root) {
  const files = {};
  const add = (rel, type) => {
    files[`/${rel}`] = { type, body: readFileSync(path.join(root, rel)) };
  };
  for (const name of readdirSync(path.join(root, 'js')).filter((n) => n.endsWith('.js'))) add(`js/${name}`, 'text/javascript');
  add('pkg/web/stytch_b2b_headless.js', 'text/javascript');
  add('pkg/web/stytch_b2b_headless_bg.wasm.js', 'text/javascript');
  const walk = (dir) => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else add(rel, 'text/javascript');
    }
  };
  if (existsSync(path.join(root, 'pkg/web/snippets'))) walk('pkg/web/snippets');
  return files;
}
