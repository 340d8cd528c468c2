// No wasm plugin: the SDK carries its wasm inlined in its JS. `fs.allow` only lets the dev
// server read ../shared (the demo's config and styles, shared with the script-tag example).
import { defineConfig } from 'vite';

// The app is also the project's Connected Apps consent page, at /oauth/authorize (src/Consent.jsx).
// The dev server's SPA fallback serves index.html there; the built page's relative asset paths
// then point under /oauth/, which the preview server maps back to the build's assets.
const consentPageAssets = {
  name: 'consent-page-assets',
  configurePreviewServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url.startsWith('/oauth/assets/')) req.url = req.url.slice('/oauth'.length);
      next();
    });
  },
};

export default defineConfig({
  base: './',
  server: { fs: { allow: ['..'] } },
  plugins: [consentPageAssets],
});
