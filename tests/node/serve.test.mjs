// web/serve.mjs, the static server of scripts/run and the browser tests: aborted downloads
// close their files, bad request targets and methods get 4xx answers, and the page's CSP
// goes out as a header with frame-ancestors 'none'.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageCsp, MAX_URL_LENGTH } from '../../web/serve.mjs';

const SERVE = fileURLToPath(new URL('../../web/serve.mjs', import.meta.url));
const CSP = "default-src 'self'; script-src 'self'; object-src 'none'";

let dir;
let child;
let url;

// Starts the server as scripts/run does, with at most `files` open descriptors.
function startChild(files) {
  return new Promise((resolve, reject) => {
    const p = spawn('prlimit', [`--nofile=${files}:${files}`, process.execPath, SERVE, dir], {
      env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Serving on (http:\/\/\S+)/);
      if (m) resolve({ p, url: m[1] });
    });
    p.stderr.on('data', (d) => (out += d));
    p.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

// Raw request line, so that malformed targets reach the server unchanged.
function raw(request) {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => s.write(request));
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
}

const status = (response) => Number(response.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
const get = (target, method = 'GET') => raw(`${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
const openFiles = (pid) => readdirSync(`/proc/${pid}/fd`).length;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'microdff-serve-'));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="${CSP}"><p>page</p>`);
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets', 'big.bin'), Buffer.alloc(8 << 20, 7));
  ({ p: child, url } = await startChild(48));
});

after(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('aborted downloads close their files and the server keeps answering', async () => {
  const { port, hostname } = new URL(url);
  const before = openFiles(child.pid);
  for (let i = 0; i < 60; ++i) {
    await new Promise((resolve) => {
      const req = http.get({ host: hostname, port, path: '/assets/big.bin' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', resolve);
    });
  }
  // Closing is asynchronous on the server side: give it a moment, then count.
  for (let i = 0; i < 50 && openFiles(child.pid) > before + 2; ++i) await new Promise((r) => setTimeout(r, 20));
  assert.ok(openFiles(child.pid) <= before + 2, `open descriptors grew from ${before} to ${openFiles(child.pid)}`);
  assert.equal(child.exitCode, null, 'the server is still running');
  assert.equal(status(await get('/')), 200);
});

test('the page CSP is sent as a header, with frame-ancestors none', async () => {
  const res = await get('/');
  const header = res.match(/^content-security-policy: (.*)\r$/im)?.[1];
  assert.equal(header, `${CSP}; frame-ancestors 'none'`);
  assert.match(await get('/assets/big.bin', 'HEAD'), /^content-security-policy: .*frame-ancestors 'none'/im);
  assert.equal(pageCsp('<meta content="a" http-equiv="Content-Security-Policy">'), 'a');
});

test('bad targets and methods get 4xx answers, not 500', async () => {
  assert.equal(status(await get('/%E0%A4%A')), 400, 'bad %-escape');
  assert.equal(status(await get('/index.html%00.png')), 400, '%00');
  assert.equal(status(await get(`/${'a'.repeat(MAX_URL_LENGTH + 1)}`)), 414, 'over-long path');
  assert.equal(status(await get('/../../etc/passwd')), 404, 'outside the folder');
  assert.equal(status(await get('/%2e%2e/%2e%2e/etc/passwd')), 404, 'escaped dots');
  assert.equal(status(await get('/missing.js')), 404);
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    const res = await get('/', method);
    assert.equal(status(res), 405, method);
    assert.match(res, /^allow: GET, HEAD\r$/im);
  }
  assert.equal(status(await get('/', 'HEAD')), 200);
});
