// The size budget: fails when what a JS user downloads (one bundle: facade, glue and the
// inlined wasm; gzip) grows past bench/size-budget.json's max_gzip_bytes. Run after
// scripts/build-package.sh.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureSizes } from '../bench/size.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const budget = JSON.parse(readFileSync(path.join(ROOT, 'bench/size-budget.json'), 'utf8'));
if (budget.max_gzip_bytes > budget.ceiling_gzip_bytes) {
  console.error(`size budget ${budget.max_gzip_bytes} B is above its ceiling ${budget.ceiling_gzip_bytes} B`);
  process.exit(1);
}
const { ours, theirs } = await measureSizes();
const total = ours.total.gzip;
const line =
  `download (gzip): ${total} B, the wasm inside ${ours.wasm.raw} B, deflated ${ours.wasm.deflated} B; ` +
  `budget ${budget.max_gzip_bytes} B; before the typed Rust API ${budget.before_typed_api_gzip_bytes} B ` +
  `(${((total / budget.before_typed_api_gzip_bytes - 1) * 100).toFixed(1)}%); Stytch's ${theirs.total.gzip} B (${(total / theirs.total.gzip).toFixed(2)}x)`;
if (total > budget.max_gzip_bytes) {
  console.error(`over budget: ${line}`);
  process.exit(1);
}
console.log(line);
