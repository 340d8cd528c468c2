// Shortens the wasm's import and export names, and the glue's matching references, after
// wasm-pack. wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` under the module
// `./stytch_b2b_headless_bg.js`: about 2.5 KB of the wasm, most of it hash digits that do not
// compress, and written again in the glue. binaryen's own pass for this (the one Emscripten
// uses) renames them to `a`, `b`, ... and prints the mapping, which this script applies to the
// glue (its import object and its `wasm.<export>` uses) and to its types.
//
// Usage: node scripts/minify-names.mjs pkg/web
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] || path.join(ROOT, 'pkg/web'));
const wasmFile = path.join(dir, 'stytch_b2b_headless_bg.wasm');
const glueFile = path.join(dir, 'stytch_b2b_headless.js');
const typeFiles = [path.join(dir, 'stytch_b2b_headless.d.ts'), path.join(dir, 'stytch_b2b_headless_bg.wasm.d.ts')];
const MODULE = './stytch_b2b_headless_bg.js';

const mapping = JSON.parse(
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/wasm-opt'),
    [
      wasmFile, '-o', wasmFile,
      '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue',
      '--minify-imports-and-exports-and-modules',
    ],
    { encoding: 'utf8' },
  ),
);

// Every import is from the one glue module, which the pass renames to `a`.
const modules = new Set(mapping.imports.map(([module]) => module));
if (modules.size !== 1 || !modules.has(MODULE)) throw new Error(`unexpected import modules: ${[...modules]}`);

const imports = new Map(mapping.imports.map(([, from, to]) => [from, to]));
const exports = new Map(mapping.exports);
let glue = readFileSync(glueFile, 'utf8');
const replaceAll = (pattern, replace, expected) => {
  let n = 0;
  glue = glue.replace(pattern, (...m) => {
    n++;
    return replace(...m);
  });
  if (expected !== undefined && n !== expected) throw new Error(`${pattern}: ${n} replacements, expected ${expected}`);
};
// The import object: `        __wbg_get_2080c49015e35254: function(...`.
replaceAll(/^(\s+)([\w$]+)(: function)/gm, (m, indent, name, rest) => (imports.has(name) ? `${indent}${imports.get(name)}${rest}` : m));
replaceAll(new RegExp(`"${MODULE.replace(/\./g, '\\.')}": import0`, 'g'), () => '"a": import0', 1);
// Uses of the exports: `wasm.wasmclient_begin(`, `wasm.__wbindgen_malloc`.
replaceAll(/\bwasm\.([\w$]+)/g, (m, name) => {
  if (!exports.has(name)) throw new Error(`the glue uses wasm.${name}, which the wasm does not export`);
  return `wasm.${exports.get(name)}`;
});
for (const name of imports.keys()) {
  if (glue.includes(`${name}:`)) throw new Error(`import ${name} left unrenamed in the glue`);
}
writeFileSync(glueFile, glue);

// The types name the exports too (`readonly wasmclient_begin: ...`).
for (const file of typeFiles) {
  const text = readFileSync(file, 'utf8').replace(/\breadonly ([\w$]+):/g, (m, name) => (exports.has(name) ? `readonly ${exports.get(name)}:` : m));
  writeFileSync(file, text.replace(/^export const ([\w$]+):/gm, (m, name) => (exports.has(name) ? `export const ${exports.get(name)}:` : m)));
}
console.log(`minified ${imports.size} import and ${exports.size} export names`);
