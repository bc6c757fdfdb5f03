// Session state (data, settings, trained model) <-> localStorage and the URL hash.
// The hash holds the session as deflate-compressed JSON in base64url: "#s=...".
import { sanitizeChoice } from './test-data.js';

export const SESSION_VERSION = 1;
export const STORAGE_KEY = 'microdff.session.v1';
export const MAX_SHARE_CHARS = 8000;

// Keeps only known fields so a stored or shared session cannot inject anything else.
export function sanitizeSession(s) {
  if (!s || typeof s !== 'object' || s.v !== SESSION_VERSION) return null;
  const str = (x) => (typeof x === 'string' ? x : '');
  const table = s.table && typeof s.table === 'object' ? s.table : null;
  const okTable =
    table && Array.isArray(table.names) && Array.isArray(table.rows) && Array.isArray(table.roles) &&
    table.names.every((n) => typeof n === 'string') &&
    table.rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string')) &&
    table.roles.every((r) => ['input', 'target', 'ignore'].includes(r));
  return {
    v: SESSION_VERSION,
    table: okTable ? { names: table.names, rows: table.rows, roles: table.roles } : null,
    settings: s.settings && typeof s.settings === 'object' ? { ...s.settings } : {},
    touched: Array.isArray(s.touched) ? s.touched.filter((x) => typeof x === 'string') : [],
    model: str(s.model),
    history: points(s.history),
    testHistory: points(s.testHistory),
    testData: sanitizeChoice(s.testData),
    preset: str(s.preset),
    meta: sanitizeMeta(s.meta),
  };
}

// [[epoch, loss]] pairs of finite numbers.
function points(list) {
  return Array.isArray(list) ? list.filter((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite)) : [];
}

function sanitizeMeta(m) {
  if (!m || typeof m !== 'object') return null;
  const n = (x) => (Number.isFinite(x) ? x : 0);
  return { epoch: n(m.epoch), base: n(m.base), target: n(m.target), key: typeof m.key === 'string' ? m.key : '' };
}

export function saveLocal(storage, session) {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(session));
    return true;
  } catch {
    // Quota: keep data and settings, drop the model and history.
    try {
      storage.setItem(STORAGE_KEY, JSON.stringify({ ...session, model: '', history: [] }));
    } catch {
      return false;
    }
    return false;
  }
}

export function loadLocal(storage) {
  try {
    return sanitizeSession(JSON.parse(storage.getItem(STORAGE_KEY) || 'null'));
  } catch {
    return null;
  }
}

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

// Session -> "s=..." hash fragment (without '#').
export async function encodeShare(session) {
  const json = new TextEncoder().encode(JSON.stringify(session));
  return 's=' + toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

// Hash fragment -> session, or null when it is not a valid shared session.
export async function decodeShare(hash) {
  const m = /^#?s=([A-Za-z0-9_-]+)$/.exec(hash || '');
  if (!m) return null;
  try {
    const bytes = await pipe(fromBase64Url(m[1]), new DecompressionStream('deflate-raw'));
    return sanitizeSession(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    return null;
  }
}
