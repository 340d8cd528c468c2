// The one post-processor of wasm-bindgen's glue, run after wasm-pack (then tools/embed-wasm
// only deflates the wasm). Everything the build changes in wasm-bindgen's output, in one place:
//
// - Short import and export names. wasm-bindgen names each import `__wbg_<name>_<16 hex
//   digits>` under the module `./stytch_b2b_headless_bg.js`: about 2.5 KB of the wasm, most of
//   it hash digits that do not compress, and written again in the glue. binaryen's own pass for
//   this (the one Emscripten uses) renames them to `a`, `b`, ... and prints the mapping, applied
//   here to the glue (its import object and its `wasm.<export>` uses) and to its types.
// - No fallback to fetching the `.wasm` beside the glue: js/index.js instantiates the inlined
//   wasm, and bundlers emit every `new URL('…', import.meta.url)` they see as an asset (webpack
//   fails when it is missing).
// - The text decoder and encoder made at first use instead of at import: Jest's jsdom has
//   neither, and importing the package there (to render a component) must not fail.
//
// It edits text it matched, so it first checks the glue's shape: every place the glue names an
// import or an export, each line it rewrites, and each statement that runs at import, normalized
// (names and hashes out) into scripts/glue-shape.txt. A wasm-bindgen whose glue differs in any of
// these fails the build with the difference, rather than shipping glue half rewritten. After a
// deliberate change (a new wasm-bindgen, a new kind of import), review the difference and run
// the build with UPDATE_GLUE_SHAPE=1 to record it. wasm-bindgen's output as it came is kept in
// target/glue/ for tests/packaging/packaging.test.mjs.
//
// Usage: node scripts/process-glue.mjs pkg/web
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SHAPE_FILE = path.join(ROOT, 'scripts/glue-shape.txt');
export const RAW_DIR = path.join(ROOT, 'target/glue');
const MODULE = './stytch_b2b_headless_bg.js';

/** Exact rewrites: each `from` must occur exactly once. */
const REWRITES = [
  [`"${MODULE}": import0`, '"a": import0'],
  [
    "module_or_path = new URL('stytch_b2b_headless_bg.wasm', import.meta.url);",
    "throw new Error('stytch-b2b-headless-wasm: the wasm is inlined; js/index.js instantiates it');",
  ],
  [
    "let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });\ncachedTextDecoder.decode();",
    "let cachedTextDecoder = { decode: (bytes) => (cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true })).decode(bytes) };",
  ],
  ['const cachedTextEncoder = new TextEncoder();', 'const cachedTextEncoder = globalThis.TextEncoder ? new TextEncoder() : {};'],
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The glue's shape as far as the rewrites depend on it, one sorted line each: how each import
 * and export name is used (what precedes and follows it), the rewritten text, and the first
 * line of each statement at the top level (what runs at import).
 */
export function glueShape(glue, mapping) {
  const shape = new Set();
  const names = [...mapping.imports.map(([, from]) => [from, '<import>']), ...mapping.exports.map(([from]) => [from, '<export>'])];
  for (const [name, placeholder] of names) {
    for (const m of glue.matchAll(new RegExp(`(?<![\\w$])${escape(name)}(?![\\w$])`, 'g'))) {
      const lineStart = glue.lastIndexOf('\n', m.index) + 1;
      const before = glue.slice(lineStart, m.index);
      const lead = before.endsWith('wasm.') ? 'wasm.' : before.trimStart().split(/\s/).pop();
      shape.add(`use: ${lead}${placeholder}${glue[m.index + name.length] ?? ''}`);
    }
  }
  for (const [from] of REWRITES) shape.add(`rewrite ${glue.split(from).length - 1}x: ${from.replaceAll('\n', '\\n')}`);
  const exportNames = new Set(mapping.exports.map(([from]) => from));
  for (const line of glue.split('\n')) {
    if (/^(\s|$|}|\/\/|\/\*|\*|function |async function |export (async )?function |class |export class )/.test(line)) continue;
    // This crate's names (its exported class, the JS functions it imports from its snippets)
    // are not wasm-bindgen's shape.
    const normalized = line
      .replace(/^import \{[^}]*\} from '\.\/snippets\/[^']*';$/, "import { <names> } from './snippets/<snippet>';")
      .replace(/WasmClient/g, '<class>')
      .replace(/[\w$]+/g, (w) => (exportNames.has(w) ? '<export>' : w));
    shape.add(`top level: ${normalized}`);
  }
  return [...shape].sort().join('\n') + '\n';
}

/** The glue with the names of `mapping` and the rewrites applied; throws on anything unexpected. */
export function rewriteGlue(glue, mapping) {
  const modules = new Set(mapping.imports.map(([module]) => module));
  if (modules.size !== 1 || !modules.has(MODULE)) throw new Error(`unexpected import modules: ${[...modules]}`);
  const imports = new Map(mapping.imports.map(([, from, to]) => [from, to]));
  const exports = new Map(mapping.exports);
  for (const [from, to] of REWRITES) {
    const n = glue.split(from).length - 1;
    if (n !== 1) throw new Error(`the glue has ${n} of \`${from}\`, expected 1 (a new wasm-bindgen?)`);
    glue = glue.replace(from, () => to);
  }
  // The import object: `        __wbg_get_2080c49015e35254: function(...`.
  glue = glue.replace(/^(\s+)([\w$]+)(: function)/gm, (m, indent, name, rest) =>
    imports.has(name) ? `${indent}${imports.get(name)}${rest}` : m,
  );
  // Uses of the exports: `wasm.wasmclient_begin(`, `wasm.__wbindgen_malloc`.
  glue = glue.replace(/\bwasm\.([\w$]+)/g, (m, name) => {
    if (!exports.has(name)) throw new Error(`the glue uses wasm.${name}, which the wasm does not export`);
    return `wasm.${exports.get(name)}`;
  });
  for (const name of imports.keys()) {
    if (glue.includes(name)) throw new Error(`import ${name} left unrenamed in the glue`);
  }
  return glue;
}

function main(dir) {
  const wasmFile = path.join(dir, 'stytch_b2b_headless_bg.wasm');
  const glueFile = path.join(dir, 'stytch_b2b_headless.js');
  const typeFiles = [path.join(dir, 'stytch_b2b_headless.d.ts'), path.join(dir, 'stytch_b2b_headless_bg.wasm.d.ts')];
  const mapping = JSON.parse(
    execFileSync(
      path.join(ROOT, 'node_modules/.bin/wasm-opt'),
      [
        wasmFile,
        '-o',
        wasmFile,
        '--enable-bulk-memory',
        '--enable-nontrapping-float-to-int',
        '--enable-reference-types',
        '--enable-multivalue',
        '--minify-imports-and-exports-and-modules',
      ],
      { encoding: 'utf8' },
    ),
  );
  const raw = readFileSync(glueFile, 'utf8');
  mkdirSync(RAW_DIR, { recursive: true });
  writeFileSync(path.join(RAW_DIR, 'stytch_b2b_headless.js'), raw);
  writeFileSync(path.join(RAW_DIR, 'mapping.json'), JSON.stringify(mapping));

  const shape = glueShape(raw, mapping);
  if (process.env.UPDATE_GLUE_SHAPE === '1') {
    writeFileSync(SHAPE_FILE, shape);
  } else {
    const expected = readFileSync(SHAPE_FILE, 'utf8');
    if (shape !== expected) {
      const [want, got] = [new Set(expected.split('\n')), new Set(shape.split('\n'))];
      const diff = [
        ...[...want].filter((l) => !got.has(l)).map((l) => `- ${l}`),
        ...[...got].filter((l) => !want.has(l)).map((l) => `+ ${l}`),
      ];
      throw new Error(
        `wasm-bindgen's glue is not the shape scripts/process-glue.mjs knows (scripts/glue-shape.txt):\n${diff.join('\n')}\n` +
          'Check that the rewrites still hold for it, then rebuild with UPDATE_GLUE_SHAPE=1.',
      );
    }
  }
  writeFileSync(glueFile, rewriteGlue(raw, mapping));

  // The types name the exports too (`readonly wasmclient_begin: ...`).
  const exports = new Map(mapping.exports);
  for (const file of typeFiles) {
    const text = readFileSync(file, 'utf8').replace(/\breadonly ([\w$]+):/g, (m, name) =>
      exports.has(name) ? `readonly ${exports.get(name)}:` : m,
    );
    writeFileSync(
      file,
      text.replace(/^export const ([\w$]+):/gm, (m, name) => (exports.has(name) ? `export const ${exports.get(name)}:` : m)),
    );
  }
  console.log(`glue: ${mapping.imports.length} import and ${mapping.exports.length} export names minified, ${REWRITES.length} rewrites`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(path.resolve(process.argv[2] || path.join(ROOT, 'pkg/web')));
}
