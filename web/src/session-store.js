// The session kept in this browser: one record in IndexedDB (database "microdff", store
// "sessions", key "current"), written and read in the worker, which holds the table, so
// that a table of tens of MB never passes through the page's main thread. Failures are
// returned with their reason (quota, private mode), never thrown.
const DB_NAME = 'microdff';
const STORE = 'sessions';
const KEY = 'current';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('the browser storage is busy in another tab'));
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = work(tx.objectStore(STORE));
      let result;
      req.onsuccess = () => (result = req.result);
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error ?? req.error);
      tx.onabort = () => reject(tx.error ?? new Error('the browser refused to store it'));
    });
  } finally {
    db.close();
  }
}

const reason = (e) => (e?.name === 'QuotaExceededError' ? 'the browser has no room left for it' : e?.message || String(e));

// The stored record (not yet checked), or null. { record } | { error }.
export async function readStored() {
  try {
    return { record: (await run('readonly', (s) => s.get(KEY))) ?? null };
  } catch (e) {
    return { error: reason(e) };
  }
}

// { ok: true } or { ok: false, reason }.
export async function writeStored(record) {
  try {
    await run('readwrite', (s) => s.put(record, KEY));
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: reason(e) };
  }
}

export async function clearStored() {
  try {
    await run('readwrite', (s) => s.delete(KEY));
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: reason(e) };
  }
}
