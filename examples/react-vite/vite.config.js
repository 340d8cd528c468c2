// No wasm plugin: the SDK carries its wasm inlined in its JS. `fs.allow` only lets the dev
// server read ../shared (the demo's config and styles, shared with the script-tag example).
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  server: { fs: { allow: ['..'] } },
});
