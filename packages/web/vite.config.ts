import { defineConfig } from 'vite';

/**
 * The web app is served by the Samtale server under a strict Content-Security-Policy
 * (no inline script or style, no third-party origin), so the build emits only external
 * files. In development the Vite server proxies the API and signaling to a local server.
 */
const devServer = process.env['SAMTALE_DEV_API'] ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One stylesheet for the whole app (CSP: style-src 'self').
    cssCodeSplit: false,
    // Inlined assets would become data: URLs, which the CSP does not allow.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: {
      '/api': devServer,
      '/ws': { target: devServer.replace(/^http/, 'ws'), ws: true },
    },
  },
});
