// node fetch_page.mjs URL: GETs the microdff page at URL, every script it loads and every .wasm
// file those scripts name; fails unless each answers 200 (the .wasm as application/wasm).
const base = process.argv[2];

async function get(path) {
  const response = await fetch(new URL(path, base));
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
  return response;
}

const html = await (await get('/')).text();
if (!html.includes('<title>microdff')) throw new Error('GET /: not the microdff page');
const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1]);
if (scripts.length === 0) throw new Error('the page loads no script');
let wasmBytes = 0;
for (const script of scripts) {
  const js = await (await get(script)).text();
  for (const m of js.matchAll(/["'`]([^"'`]*?\.wasm)["'`]/g)) {
    const response = await get(new URL(m[1], new URL(script, base)).pathname);
    if (response.headers.get('content-type') !== 'application/wasm') throw new Error(`${m[1]}: not application/wasm`);
    wasmBytes += (await response.arrayBuffer()).byteLength;
  }
}
if (wasmBytes === 0) throw new Error('no .wasm file named by the scripts of the page');
console.log(`ok   served the page, ${scripts.length} script(s), ${wasmBytes} bytes of WebAssembly`);
