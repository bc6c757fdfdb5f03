// Registers the service worker (public/sw.js) and hands it every file the page loaded,
// so the playground works offline once it has been opened.
import wasmUrl from 'microdff-core/microdff.wasm?url';

export function enableOffline() {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register('./sw.js').then(async () => {
    const reg = await navigator.serviceWorker.ready;
    const files = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.startsWith(location.origin));
    const urls = [...new Set([new URL('./', location.href).href, new URL(wasmUrl, location.href).href, ...files])];
    navigator.serviceWorker.addEventListener('message', (e) => {
      if (e.data?.cached) document.documentElement.dataset.offlineReady = 'true';
    });
    reg.active?.postMessage({ cache: urls });
  }).catch(() => {});
}
