// No wasm plugin: the SDK loads its .wasm as an ordinary asset. `fs.allow` only lets the dev
// server read ../shared (the demo's config and styles, shared with the script-tag example).
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  server: { fs: { allow: ['..'] } },
});
