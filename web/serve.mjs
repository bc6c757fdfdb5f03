// Static file server for the built page (no server code runs for the site itself:
// this only hands out files). Used by scripts/run and the browser tests.
//   node web/serve.mjs DIR   (PORT from the environment, default 8080; 0 = any free port)
//
// Every response carries the page's Content-Security-Policy as a header too, taken from the
// <meta> tag of DIR/index.html (the one place it is written) plus frame-ancestors 'none',
// which a meta tag cannot set. A download the client aborts closes its file; a failed read
// answers 500 (or ends the response) without stopping the server.
import http from 'node:http';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.hex': 'text/plain; charset=utf-8', '.bin': 'application/octet-stream', '.zip': 'application/zip',
};

// Longer request targets answer 414: no file of the page has a path near this long.
export const MAX_URL_LENGTH = 2048;

// The CSP of the page's <meta http-equiv="Content-Security-Policy">, or '' when there is none.
export function pageCsp(indexHtml) {
  const meta = indexHtml.match(/<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i)?.[0];
  return meta?.match(/content=(["'])(.*?)\1/i)?.[2].trim() ?? '';
}

function securityHeaders(root) {
  let csp = '';
  try {
    csp = pageCsp(readFileSync(path.join(root, 'index.html'), 'utf8'));
  } catch {
    // No index.html: serve the files with the frame-ancestors rule alone.
  }
  const policy = [csp.replace(/;\s*$/, ''), "frame-ancestors 'none'"].filter(Boolean).join('; ');
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
}

class HttpError extends Error {
  constructor(status, text) {
    super(text);
    this.status = status;
  }
}

// The file under root that a request path names, or an HttpError.
function resolvePath(root, target) {
  if (target.length > MAX_URL_LENGTH) throw new HttpError(414, 'URI too long');
  let rel;
  try {
    rel = decodeURIComponent(new URL(target, 'http://localhost').pathname);
  } catch {
    throw new HttpError(400, 'Bad request: malformed %-escape in the path');
  }
  if (rel.includes('\0')) throw new HttpError(400, 'Bad request: NUL in the path');
  if (rel.endsWith('/')) rel += 'index.html';
  const file = path.resolve(root, '.' + rel);
  if (file !== root && !file.startsWith(root + path.sep)) throw new HttpError(404, 'Not found');
  return { file, rel };
}

function sendText(res, status, text, headers) {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

// Starts serving `dir` on 127.0.0.1:port; resolves to { server, port, url, close() }.
export function startServer(dir, port = 0, host = '127.0.0.1') {
  const root = path.resolve(dir);
  const headers = securityHeaders(root);
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'Method not allowed', { ...headers, Allow: 'GET, HEAD' });
    }
    let file;
    let size;
    let rel;
    try {
      ({ file, rel } = resolvePath(root, req.url ?? '/'));
      const st = await stat(file).catch(() => null);
      if (!st?.isFile()) throw new HttpError(404, 'Not found');
      size = st.size;
    } catch (e) {
      return sendText(res, e.status ?? 500, e.status ? e.message : 'Server error', headers);
    }
    const stream = createReadStream(file);
    try {
      // Open before the status line, so that an unreadable file answers 500.
      await new Promise((resolve, reject) => stream.once('open', resolve).once('error', reject));
    } catch {
      return sendText(res, 500, 'Server error', headers);
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      stream.destroy();
      return res.end();
    }
    // pipeline closes the file when the client goes away and when the read fails.
    await pipeline(stream, res).catch(() => res.destroy());
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({ server, port: actual, url: `http://${host}:${actual}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'build/web/dist';
  const port = Number(process.env.PORT ?? 8080);
  startServer(dir, port).then(
    ({ url }) => console.log(`Serving on ${url}`),
    (e) => {
      console.error(`error: cannot serve on port ${port}: ${e.message}`);
      process.exit(1);
    },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
}
