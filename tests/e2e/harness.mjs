// Browser-test harness: builds the page with Vite (against the WebAssembly build),
// serves it on a free port, and drives real Chromium through playwright-core.
//   DFF_WASM_DIR  the wasm preset's output (default build/wasm/wasm; scripts/test builds it first)
//   DFF_WEB_DIST  an already built page to test instead of building one (else the page is
//                 built once into build/e2e-web/<hash of its sources> and shared by the files)
//   DFF_BIN       the native dff binary (default build/release/cli/dff)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = path.join(REPO, 'build', 'e2e-artifacts');
export const fromRepo = (p) => path.resolve(REPO, p);

export function dffBinary() {
  const bin = fromRepo(process.env.DFF_BIN || 'build/release/cli/dff');
  if (!existsSync(bin)) throw new Error(`the dff binary is missing at ${bin}: build the release preset first (scripts/test does) or set DFF_BIN`);
  return bin;
}

// Builds the page (once for all test files: build/e2e-web/<hash of what goes into it>);
// returns its path.
export function buildPage() {
  if (process.env.DFF_WEB_DIST) return fromRepo(process.env.DFF_WEB_DIST);
  const wasmDir = fromRepo(process.env.DFF_WASM_DIR || 'build/wasm/wasm');
  if (!existsSync(path.join(wasmDir, 'microdff.mjs')) || !existsSync(path.join(wasmDir, 'microdff.wasm'))) {
    throw new Error(`the WebAssembly build is missing in ${wasmDir}: run 'cmake --build --preset wasm --target microdff' (scripts/test builds the wasm preset before the npm suite) or set DFF_WASM_DIR`);
  }
  const hash = createHash('sha256');
  const inputs = ['web', 'wasm/js', 'examples', 'package-lock.json'].map(fromRepo).concat([path.join(wasmDir, 'microdff.mjs'), path.join(wasmDir, 'microdff.wasm')]);
  for (const file of inputs.flatMap(filesUnder).sort()) hash.update(file).update(readFileSync(file));
  const out = path.join(REPO, 'build', 'e2e-web', hash.digest('hex').slice(0, 16));
  if (existsSync(out)) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = mkdtempSync(`${out}-building-`);
  execFileSync(process.execPath, [fromRepo('node_modules/vite/bin/vite.js'), 'build', '--config', fromRepo('web/vite.config.js'), '--logLevel', 'warn'], {
    cwd: REPO, env: { ...process.env, DFF_WASM_DIR: wasmDir, DFF_WEB_OUT: tmp }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Whole or not at all: a page appears under its final name only once it is built.
  if (existsSync(out)) rmSync(tmp, { recursive: true, force: true });
  else renameSync(tmp, out);
  // Pages of earlier sources are not needed again.
  for (const old of readdirSync(path.dirname(out))) {
    if (!old.includes('-building-') && path.join(path.dirname(out), old) !== out) rmSync(path.join(path.dirname(out), old), { recursive: true, force: true });
  }
  return out;
}

function filesUnder(p) {
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p).flatMap((name) => (name === 'node_modules' ? [] : filesUnder(path.join(p, name))));
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Builds and serves the page and starts Chromium. Returns { url, context, newPage, close }.
export async function startPlayground({ viewport = { width: 1440, height: 900 } } = {}) {
  const dist = buildPage();
  const server = await startServer(dist, 0);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'microdff-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport, acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') }).catch(() => {});
  const problems = [];
  const newPage = async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    return page;
  };
  return {
    url: server.url, context, newPage, problems,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Saves a screenshot of the viewport, or of one element (selector), without the toast.
export async function screenshot(page, name, selector) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.evaluate(() => (document.getElementById('toast').hidden = true));
  if (selector) {
    // A sticky bar would be stitched into tall element shots.
    await page.evaluate(() => document.querySelector('.topbar').style.setProperty('position', 'static'));
    await page.locator(selector).screenshot({ path: file });
    await page.evaluate(() => document.querySelector('.topbar').style.removeProperty('position'));
  } else {
    await page.screenshot({ path: file });
  }
  return file;
}

// Page helpers shared by the tests.
export const tid = (id) => `[data-testid="${id}"]`;

// Forgets what earlier pages kept in this browser (the session in IndexedDB, an older one
// in localStorage); as an init script, before the page's own scripts run.
export const forgetSessions = () => {
  localStorage.clear();
  indexedDB.deleteDatabase('microdff');
};

export async function openFresh(pg, page) {
  await page.goto(pg.url);
  await page.evaluate(forgetSessions);
  await page.goto(pg.url);
  await page.waitForFunction(() => /Ready|Fix/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 30000 });
}

export async function pasteCsv(page, csv, inputs) {
  await page.evaluate(() => (document.getElementById('csv-details').open = true));
  await page.fill(tid('dataset-csv'), csv);
  if (inputs !== undefined) {
    await page.waitForFunction((text) => document.querySelector('[data-testid="dataset-csv"]').value === text, csv);
    await page.waitForTimeout(300);
    await page.fill(tid('inputs-count'), String(inputs));
    await page.dispatchEvent(tid('inputs-count'), 'change');
  }
}

// Focuses a field and types over its value with the keyboard; the field keeps the focus (so
// that the next click is made without leaving the field first, as a person does).
export async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

export async function waitTrainable(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="train"]').disabled, null, { timeout: 30000 });
}

export async function trainToEnd(page, timeout = 60000) {
  await waitTrainable(page);
  await page.click(tid('train'));
  try {
    await page.waitForFunction(() => /^Trained/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout });
  } catch (e) {
    e.message += ` (status: ${await page.textContent(tid('status'))}; epoch: ${await page.textContent('#epoch-text')})`;
    throw e;
  }
}

// Types one input row in Predict and returns the outputs shown.
export async function predict(page, values) {
  const before = await page.getAttribute(tid('predict-output'), 'data-seq');
  await page.fill(tid('predict-input'), values.join(','));
  await page.waitForFunction(
    ([want, seq]) => {
      const o = document.querySelector('[data-testid="predict-output"]');
      return o.dataset.input === want && o.dataset.seq !== seq && o.dataset.values;
    },
    [values.join(','), before],
  );
  const out = await page.getAttribute(tid('predict-output'), 'data-values');
  return { outputs: out.split(',').map(Number), cls: await page.getAttribute(tid('predict-output'), 'data-class') };
}
