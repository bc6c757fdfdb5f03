// Vite build of the playground: a static site in $DFF_WEB_OUT (default build/web/dist),
// using the WebAssembly build in $DFF_WASM_DIR (default build/wasm/wasm, the "wasm" preset).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

const repo = fileURLToPath(new URL('..', import.meta.url));
const fromRepo = (p) => path.resolve(repo, p);
const wasmDir = fromRepo(process.env.DFF_WASM_DIR || 'build/wasm/wasm');
const outDir = fromRepo(process.env.DFF_WEB_OUT || 'build/web/dist');
// The ATmega328P firmware images the Board card flashes (firmware/ports/atmega328p, built by
// the release preset): copied to firmware/ next to the page when they exist.
const firmwareDir = fromRepo(process.env.DFF_FIRMWARE_DIR || 'build/release/firmware/ports/atmega328p');
const firmwareImages = {
  name: 'firmware-images',
  apply: 'build',
  closeBundle() {
    if (!existsSync(firmwareDir)) return;
    const files = readdirSync(firmwareDir).filter((f) => /^microdff-(uno|nano)\.(hex|json)$/.test(f));
    mkdirSync(path.join(outDir, 'firmware'), { recursive: true });
    for (const f of files) copyFileSync(path.join(firmwareDir, f), path.join(outDir, 'firmware', f));
  },
};

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
  plugins: [relaxCspInDev, firmwareImages],
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
