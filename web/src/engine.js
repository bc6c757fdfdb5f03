// Loads the WebAssembly engine (wasm/js/microdff.js) in the worker. The .wasm is
// fetched from the URL Vite gives it and handed over as bytes, so it works wherever
// the page is served from (and offline from the HTTP cache).
import { loadMicrodff } from '../../wasm/js/microdff.js';
import createMicrodffCore from 'microdff-core/microdff.mjs';
import wasmUrl from 'microdff-core/microdff.wasm?url';

export async function loadEngine() {
  const res = await fetch(wasmUrl);
  if (!res.ok) throw new Error(`could not fetch the engine (${res.status})`);
  const wasmBinary = new Uint8Array(await res.arrayBuffer());
  return loadMicrodff({ factory: createMicrodffCore, wasmBinary });
}
