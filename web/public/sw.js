// Offline support: network first (always fresh when online), the cached copy when the
// network is gone. The page sends the list of its files once loaded (see offline.js).
const CACHE = 'microdff-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('message', (e) => {
  const urls = Array.isArray(e.data?.cache) ? e.data.cache.filter((u) => new URL(u, self.location.href).origin === self.location.origin) : [];
  if (urls.length) {
    e.waitUntil(caches.open(CACHE).then((c) => c.addAll(urls)).then(() => e.source?.postMessage({ cached: urls.length })));
  }
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  e.respondWith(
    fetch(req)
      .then((res) => {
        if (res.ok) {
          const copy = res.clone();
          caches.open(CACHE).then((c) => c.put(req, copy));
        }
        return res;
      })
      .catch(() => caches.match(req, { ignoreSearch: true }).then((r) => r || Response.error())),
  );
});
