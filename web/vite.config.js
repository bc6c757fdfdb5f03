// Vite build of the playground: a static site in $DFF_WEB_OUT (default build/web/dist),
// using the WebAssembly build in $DFF_WASM_DIR (default build/wasm/wasm, the "wasm" preset).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
const fromRepo = (p) => path.resolve(repo, p);
const wasmDir = fromRepo(process.env.DFF_WASM_DIR || 'build/wasm/wasm');
const outDir = fromRepo(process.env.DFF_WEB_OUT || 'build/web/dist');

// The dev server cannot run under the page's strict CSP (it injects styles and a client);
// only the built page carries it unchanged.
const relaxCspInDev = {
  name: 'relax-csp-in-dev',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws:"),
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: 'public',
  plugins: [relaxCspInDev],
  resolve: {
    alias: [
      { find: /^microdff-core\//, replacement: `${wasmDir}/` },
      // wasm/js/microdff.js imports the preset build by default; point it at wasmDir too.
      { find: /^(\.\.\/)+build\/wasm\/wasm\//, replacement: `${wasmDir}/` },
    ],
  },
  worker: { format: 'es' },
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    reportCompressedSize: true,
  },
  server: { fs: { allow: [repo] } },
});
