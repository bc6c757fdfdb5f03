// Session text <-> share links and browser storage. A session is { v, table, settings,
// touched, model, history, testHistory, testData, preset, meta } (session-check.js says
// what each may hold). A share link holds it as deflate-compressed JSON in base64url:
// "#s=...". Decoding never trusts the link: its length is capped before anything is
// decoded, the inflated JSON is capped while it streams, and the result still has to pass
// checkSession().
export const SESSION_VERSION = 1;
export const LEGACY_STORAGE_KEY = 'microdff.session.v1';
const HASH = /^#?s=([A-Za-z0-9_-]+)$/;

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

// Inflates raw-deflate bytes, stopping as soon as the output passes `max` bytes (null then).
async function inflateCapped(bytes, max) {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
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

// Whether a URL hash is a share link at all.
export const isShareHash = (hash) => /^#?s=/.test(hash || '');

// Hash fragment -> { raw } (the parsed JSON, still to be checked) or { problem } (why the link
// cannot be read). caps: { maxShareChars, maxSharedJsonBytes }.
export async function decodeShare(hash, caps) {
  const text = String(hash || '');
  if (text.length > caps.maxShareChars + 3) {
    return { problem: `the link is ${text.length.toLocaleString('en-US')} characters long; share links hold up to ${caps.maxShareChars.toLocaleString('en-US')}` };
  }
  const m = HASH.exec(text);
  if (!m) return { problem: 'the link is not a microdff share link (#s=…)' };
  let bytes;
  try {
    bytes = await inflateCapped(fromBase64Url(m[1]), caps.maxSharedJsonBytes);
  } catch {
    return { problem: 'the link is damaged (it does not decompress); copy it again' };
  }
  if (!bytes) return { problem: `the link unpacks to more than ${Math.round(caps.maxSharedJsonBytes / 1024)} kB, more than any share link holds` };
  try {
    return { raw: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch {
    return { problem: 'the link is damaged (its contents are not readable)' };
  }
}
