// Size of what the browser downloads for the four MFA calls, ours and Stytch's, measured
// the same way: an esbuild-minified ESM bundle of an entry that constructs the client and
// calls otps.sms.send/authenticate and totp.create/authenticate. Ours has the wasm inside,
// deflated and base64-encoded (tools/embed-wasm), so its bundle is the whole download.
// Prints a markdown table; `--json` prints the numbers instead.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const MFA_CALLS = `
  const c = new StytchB2BHeadlessClient('public-token-test-x');
  window.mfa = [c.otps.sms.send, c.otps.sms.authenticate, c.totp.create, c.totp.authenticate];`;

// Split as an app's bundler splits (Vite, webpack and Next.js do by default): a module the
// code imports only with import() is a chunk of its own, fetched when first used (ours:
// js/third-party.js, the OAuth and SSO starts, One Tap, DFP and captcha, which a page making
// none of those calls never loads). What the page loads at start is the entry's file: the size measured; the lazy chunks'
// sizes are reported apart.
async function bundle(importLine, extra = '') {
  const result = await build({
    stdin: { contents: `${importLine}\n${MFA_CALLS}\n${extra}`, resolveDir: ROOT, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    splitting: true,
    outdir: path.join(ROOT, 'target/size-bundle'),
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    conditions: ['production'],
    logLevel: 'silent',
  });
  const [entry, ...lazy] = result.outputFiles.sort((a, b) => (path.basename(a.path) === 'entry.js' ? -1 : 1));
  // A chunk the entry imports statically would be part of the start; there is none.
  if (lazy.some((chunk) => entry.text.includes(`from"./${path.basename(chunk.path)}"`))) throw new Error('a chunk loaded at start');
  return Object.assign(Buffer.from(entry.contents), { lazy: lazy.map((chunk) => Buffer.from(chunk.contents)) });
}

function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The wasm the bundle carries: its size, and its deflate stream's (the base64 text in the bundle is 4/3 of that). */
function wasmSizes() {
  const embedded = readFileSync(path.join(ROOT, 'pkg/web/stytch_b2b_headless_bg.wasm.js'), 'utf8');
  const base64 = embedded.match(/export const deflatedWasm = '([A-Za-z0-9+/=]+)'/)[1];
  return {
    raw: readFileSync(path.join(ROOT, 'pkg/web/stytch_b2b_headless_bg.wasm')).length,
    deflated: Buffer.from(base64, 'base64').length,
  };
}

export async function measureSizes() {
  const oursBundle = await bundle(`import { StytchB2BHeadlessClient } from './js/index.js';`);
  const ours = sizes(oursBundle);
  const oursFull = sizes(
    await bundle(
      `import { StytchB2BHeadlessClient } from './js/index.js';`,
      `window.all = [c.passwords, c.magicLinks, c.discovery, c.recoveryCodes, c.session, c.member, c.organization, c.onStateChange];`,
    ),
  );
  const theirs = sizes(await bundle(`import { StytchB2BHeadlessClient } from '@stytch/vanilla-js/b2b/headless';`));
  const lazy = oursBundle.lazy.map(sizes);
  return { ours: { total: ours, wasm: wasmSizes(), lazy }, oursFull: { total: oursFull }, theirs: { total: theirs } };
}

const kb = (n) => (n / 1000).toFixed(1) + ' KB';

export function sizeTable(s) {
  const row = (name, v) => `| ${name} | ${kb(v.raw)} | ${kb(v.gzip)} | ${kb(v.brotli)} |`;
  const ratio = (k) => (s.ours.total[k] / s.theirs.total[k]).toFixed(2);
  return [
    '| what the browser downloads | raw | gzip -9 | brotli -11 |',
    '|---|---|---|---|',
    row('**ours, four MFA calls** (one file: facade, glue and the wasm inlined)', s.ours.total),
    row('ours, full surface', s.oursFull.total),
    row('**Stytch `@stytch/vanilla-js/b2b/headless`, four MFA calls**', s.theirs.total),
    `| ratio ours / theirs (four MFA calls) | ${ratio('raw')} | ${ratio('gzip')} | ${ratio('brotli')} |`,
    '',
    `Loaded only when used (a chunk of its own, as bundlers split \`import()\`): the OAuth and SSO starts, Google One Tap, DFP and captcha, ` +
      s.ours.lazy.map((c) => `${kb(c.gzip)} gzip`).join(', ') +
      '.',
    '',
    `The wasm inside ours: ${kb(s.ours.wasm.raw)}, deflated with Zopfli at build time to ${kb(s.ours.wasm.deflated)}, ` +
      `which the bundle carries as ${kb(Math.ceil(s.ours.wasm.deflated / 3) * 4)} of base64 (already compressed, so the server's gzip or brotli finds little more in it).`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await measureSizes();
  console.log(process.argv.includes('--json') ? JSON.stringify(s, null, 2) : sizeTable(s));
}
