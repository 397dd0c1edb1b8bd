// Shared helpers for the browser tests and the browser benchmark: a static server for dist/
// (any static server must do), and Debian's Chromium driven by playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// DIST=other/dist benchmarks another build (e.g. before a change).
export const DIST = process.env.DIST ?? path.join(ROOT, 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Serves `dir` on 127.0.0.1 at a free port. Resolves to { url, close }. */
export function serve(dir = DIST) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build first (trunk build --release --offline)`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    if (file.endsWith('/')) file = path.join(file, 'index.html');
    fs.readFile(file, (err, body) => {
      if (err) { res.writeHead(404).end('not found'); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Opens the app at `hash`, collecting console errors and page errors in `page.errors`. */
export async function openApp(browser, base, hash = '', viewport = { width: 1280, height: 900 }, options = {}) {
  const page = await browser.newPage({ viewport, ...options });
  page.errors = [];
  page.on('console', (m) => {
    // gloo-worker's start-up script warns about wasm-bindgen's deprecated init parameters.
    if (m.type() === 'error') page.errors.push(m.text());
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  // A Content-Security-Policy violation is an error too (every test that expects no errors
  // also expects none).
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${(e.target?.outerHTML ?? '').slice(0, 160)}`));
  });
  await page.goto(base + (hash ? '#' + hash : ''));
  await page.getByRole('status').first().waitFor();
  return page;
}

/** Parses the English status line. */
export function parseStatus(text) {
  // Regression has no accuracy (testAcc is then NaN).
  const m = /epoch (\d+) · train loss ([\d.]+|NaN|inf) · test loss ([\d.]+|NaN|inf)(?: · test accuracy ([\d.]+)%)?/.exec(text);
  return m && { epoch: +m[1], trainLoss: +m[2], testLoss: +m[3], testAcc: m[4] === undefined ? NaN : +m[4] };
}

/** Waits until the status line satisfies `pred`, returns the parsed status. */
export async function waitForStatus(page, pred, timeout = 60000) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < timeout) {
    last = parseStatus(await page.getByRole('status').first().textContent());
    if (last && pred(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`status never satisfied the condition; last: ${JSON.stringify(last)}`);
}

/** A canvas's pixels as a data URL, to tell whether it changed. */
export function canvasData(page, name) {
  return page.getByRole('img', { name }).evaluate((c) => c.toDataURL());
}

/** Waits on a state instead of sleeping: polls `probe()` until `ok(value)`, returns the value;
 *  fails with `what` (and the last value's summary) after `timeout` ms. */
export async function until(page, probe, ok, what, timeout = 15000) {
  const end = Date.now() + timeout;
  let value;
  for (;;) {
    value = await probe();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${what}; last: ${String(value).slice(0, 80)}`);
    await page.waitForTimeout(50);
  }
}

/** Waits until the canvas named `name` differs from `old` (a `canvasData`); returns the new data. */
export function canvasChanged(page, name, old, timeout = 15000) {
  return until(page, () => canvasData(page, name), (d) => d !== old, `the canvas ${name} to change`, timeout);
}
