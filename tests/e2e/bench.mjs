// Browser benchmark: node bench.mjs (the README's bench command runs it after the native one).
// For each configuration: time from navigation to the first drawn frame (points: the data and
// the network, drawn from the settings alone) and to the worker's first boundary, training epochs
// per second with every view live, and the page's frame intervals (median, p95) while the
// worker trains. Then the loss surface (issue 4): the worker's milliseconds per 41×41 grid of
// 2-8-8-1 over 500 training points (as the worker measured them and the page shows them) and
// the page's frame intervals while the surface follows training. Then the bundle's sizes.
// Image configurations count training examples per second too (the first view is then the
// first drawn gallery with predictions).
// BENCH_PART=load, train or surface runs one part only. The training rows also give the
// share of the time the page's thread was busy (drawing), and the ratio of epochs/s with batch
// norm and dropout on every hidden layer to without.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, openApp, parseStatus, DIST } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PART = process.env.BENCH_PART ?? 'all';
// [name, hash, training examples per epoch]
const configs = [
  ['2-4-2-1, 250 train points, batch 10 (defaults)', 'dataset=circle&seed=1', 250],
  ['2-8-8-1, 500 train points, batch 10', 'dataset=spiral&points=1000&hidden=8,8&seed=1', 500],
  ['2-8-8-1, 500 train points, full batch', 'dataset=spiral&points=1000&hidden=8,8&batch=500&seed=1', 500],
  ['2-8-8-1, 500 train points, batch 10, bn + dropout 0.3', 'dataset=spiral&points=1000&hidden=8,8&seed=1&bn=1&dropout=0.3', 500],
  ['2-16×6-1, 60 noisy spiral points, batch 10', 'dataset=spiral&points=60&noise=30&hidden=16,16,16,16,16,16&seed=1', 30],
  ['2-16×6-1, 60 noisy spiral points, batch 10, bn + dropout 0.3', 'dataset=spiral&points=60&noise=30&hidden=16,16,16,16,16,16&seed=1&bn=1&dropout=0.3', 30],
  // Images (issue 10): ConvNetJS's MNIST network (24×24 → c8k5 → mp2 → c16k5 → mp3 → 10,
  // Adadelta, batch 20) on 24×24 shapes with every view live; a small CNN and an MLP on digits.
  ['CNN ConvNetJS MNIST net, 1000 shapes 24×24, Adadelta, batch 20', 'dataset=shapes&image_size=24&points=2000&layers=c8k5,mp2,c16k5,mp3&act=relu&opt=adadelta&batch=20&seed=1', 1000],
  ['CNN c8k3,mp2,c16k3,mp2, 899 digits 8×8, Adam, batch 32', 'dataset=digits&points=1797&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=32&seed=1', 899],
  // The same with every augmentation on (issue 11): its cost per epoch, relative to without.
  ['CNN c8k3,mp2,c16k3,mp2, 899 digits 8×8, Adam, batch 32, augmented', 'dataset=digits&points=1797&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=32&seed=1&aug_shift=0.1&aug_rotate=15&aug_scale=0.1&aug_elastic=0.5&aug_bright=0.2&aug_noise=0.05&aug_cutout=0.25', 899],
  ['MLP d32, 899 digits 8×8, Adam, batch 32', 'dataset=digits&points=1797&layers=d32&act=relu&opt=adam&lr=0.01&batch=32&seed=1', 899],
  // Sequences (issue 12): MNIST-1D at its default size (4,000 to train) with each family.
  ['GRU 16, MNIST-1D 4000 train, Adam, batch 32', 'dataset=mnist1d&layers=gru16&opt=adam&lr=0.01&batch=32&seed=1', 4000],
  ['1-D CNN c8k5,mp2,c16k5,mp2, MNIST-1D 4000 train, Adam, batch 32', 'dataset=mnist1d&layers=c8k5,mp2,c16k5,mp2&act=relu&opt=adam&lr=0.003&batch=32&seed=1', 4000],
  ['MLP d32, MNIST-1D 4000 train, Adam, batch 32', 'dataset=mnist1d&layers=d32&act=relu&opt=adam&lr=0.003&batch=32&seed=1', 4000],
  ['GRU 16, sines window 20, 250 train, Adam, batch 16', 'dataset=sines&layers=gru16&opt=adam&lr=0.01&batch=16&seed=1', 250],
].filter(([name]) => !process.env.BENCH_ONLY || new RegExp(process.env.BENCH_ONLY).test(name));

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const server = await serve();
const browser = await launch();
const rows = [];
// The first frame on the defaults, over LOADS fresh pages (median): navigation to the page's
// wasm starting, its views built, the first drawn frame (points and network, from the
// settings alone), the first contentful paint, and the worker's first boundary.
const LOADS = Number(process.env.BENCH_LOADS ?? 9);
const loads = [];
for (let i = 0; PART !== 'surface' && PART !== 'train' && i < LOADS; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}#dataset=circle&seed=1`);
  await page.waitForFunction(() => performance.getEntriesByName('descent:first-boundary').length > 0, null, { timeout: 30000 });
  await page.waitForFunction(() => performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint'), null, { timeout: 30000 });
  loads.push(await page.evaluate(() => {
    const at = (name) => Math.round(performance.getEntriesByName(name)[0].startTime);
    return { start: at('descent:start'), mounted: at('descent:mounted'), first_frame: at('descent:first-view'), first_paint: at('first-contentful-paint'), first_boundary: at('descent:first-boundary') };
  }));
  await page.close();
}
const loadMedian = loads.length ? Object.fromEntries(Object.keys(loads[0]).map((k) => [k, quantile(loads.map((l) => l[k]), 0.5)])) : null;
if (loadMedian) {
  console.log(`first frame on the defaults, median of ${loads.length} loads (ms after navigation):`);
  console.table([loadMedian]);
}
for (const [name, hash, examples] of PART === 'surface' || PART === 'load' ? [] : configs) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__frames = [];
    const loop = (t) => { window.__frames.push(t); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  });
  await page.goto(`${server.url}#${hash}`);
  await page.waitForFunction(() => performance.getEntriesByName('descent:first-view').length > 0, null, { timeout: 30000 });
  const firstView = await page.evaluate(() => performance.getEntriesByName('descent:first-view')[0].startTime);
  // Points: the first frame is drawn from the settings alone; the worker's first boundary follows.
  const onPoints = !/dataset=(shapes|digits|mnist1d|sines|adding)/.test(hash);
  const firstBoundary = !onPoints ? null : await page.evaluate(async () => {
    for (let i = 0; i < 300 && !performance.getEntriesByName('descent:first-boundary').length; i++) await new Promise((r) => setTimeout(r, 20));
    return performance.getEntriesByName('descent:first-boundary')[0]?.startTime ?? null;
  });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1000);
  const status = async () => parseStatus(await page.getByRole('status').textContent());
  // The page thread's busy time (Chromium's TaskDuration): what drawing costs, less
  // sensitive to a loaded machine than frame intervals.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const e0 = (await status()).epoch;
  const b0 = await busy();
  const [t0, f0] = await page.evaluate(() => [performance.now(), window.__frames.length]);
  await page.waitForTimeout(SECONDS * 1000);
  const e1 = (await status()).epoch;
  const b1 = await busy();
  const [t1, frames] = await page.evaluate((f0) => [performance.now(), window.__frames.slice(f0)], f0);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const median = quantile(gaps, 0.5);
  rows.push({
    config: name,
    first_view_ms: Math.round(firstView),
    first_boundary_ms: firstBoundary === null ? null : Math.round(firstBoundary),
    epochs_per_s: +(((e1 - e0) * 1000) / (t1 - t0)).toFixed(1),
    examples_per_s: Math.round(((e1 - e0) * examples * 1000) / (t1 - t0)),
    fps_median: +(1000 / median).toFixed(1),
    frame_ms_median: +median.toFixed(1),
    frame_ms_p95: +quantile(gaps, 0.95).toFixed(1),
    frame_ms_max: +Math.max(...gaps).toFixed(1),
    page_busy_pct: Math.round((100 * (b1 - b0) * 1000) / (t1 - t0)),
  });
  await page.close();
}

// The optimizer race animating (6 racers, 2000 steps at 150 steps a second, gradient arrows on)
// while the network trains: the page's frame intervals.
if (PART !== 'surface' && PART !== 'load') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__frames = [];
    const loop = (t) => { window.__frames.push(t); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  });
  const race = 'race=sgd:0.001,momentum:0.001,nesterov:0.001,rmsprop:0.01,adam:0.05,adamw:0.05&race_len=2000';
  await page.goto(`${server.url}#dataset=circle&seed=1&func=rosenbrock&${race}`);
  await page.waitForFunction(() => !document.querySelector('.race-transport button.primary')?.disabled, null, { timeout: 30000 });
  await page.locator('#race-speed').selectOption('150');
  await page.locator('#race-gradient').check();
  await page.locator('section.race').scrollIntoViewIfNeeded();
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await page.waitForTimeout(1000);
  const f0 = await page.evaluate(() => window.__frames.length);
  const s0 = Number(await page.locator('#race-shown').inputValue());
  await page.waitForTimeout(SECONDS * 1000);
  const frames = await page.evaluate((f0) => window.__frames.slice(f0), f0);
  const s1 = Number(await page.locator('#race-shown').inputValue());
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const median = quantile(gaps, 0.5);
  rows.push({
    config: `race: 6 racers animating (${s1 - s0} steps shown) + training 2-4-2-1`,
    first_view_ms: null,
    first_boundary_ms: null,
    epochs_per_s: null,
    fps_median: +(1000 / median).toFixed(1),
    frame_ms_median: +median.toFixed(1),
    frame_ms_p95: +quantile(gaps, 0.95).toFixed(1),
    frame_ms_max: +Math.max(...gaps).toFixed(1),
  });
  await page.close();
}

// The loss surface while training: 2-8-8-1 on 500 training points, random directions, 41×41,
// following training (recomputed every few epochs).
const surfaceRows = [];
for (const [name, hash, dirs] of PART === 'train' || PART === 'load' ? [] : [
  ['surface 41×41, 2-8-8-1, 500 train points, random, batch 10', 'dataset=spiral&points=1000&hidden=8,8&seed=1', 'random'],
  ['surface 41×41, 2-8-8-1, 500 train points, PCA, batch 10', 'dataset=spiral&points=1000&hidden=8,8&seed=1', 'pca'],
]) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__frames = [];
    const loop = (t) => { window.__frames.push(t); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  });
  await page.goto(`${server.url}#${hash}`);
  await page.waitForFunction(() => performance.getEntriesByName('descent:first-view').length > 0, null, { timeout: 30000 });
  const panel = page.getByRole('region', { name: 'Loss surface' });
  await panel.locator('#surf-dirs').selectOption(dirs);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1000);
  await panel.getByRole('button', { name: 'Compute surface' }).click();
  const statusText = () => panel.locator('.surface-status').textContent();
  await panel.locator('.surface-status').filter({ hasText: /grid computed in/ }).waitFor({ timeout: 30000 });
  const status = async () => parseStatus(await page.getByRole('status').textContent());
  const e0 = (await status()).epoch;
  const [t0, f0] = await page.evaluate(() => [performance.now(), window.__frames.length]);
  // Every new surface changes the line (its ms, and the epoch it was computed at changes the map).
  const ms = [];
  let last = '';
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    const text = await statusText();
    if (text !== last) {
      const m = /grid computed in ([\d.]+) ms/.exec(text);
      if (m) ms.push(+m[1]);
      last = text;
    }
    await page.waitForTimeout(50);
  }
  const e1 = (await status()).epoch;
  const [t1, frames] = await page.evaluate((f0) => [performance.now(), window.__frames.slice(f0)], f0);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const median = quantile(gaps, 0.5);
  // Then paused: one surface at a time, the worker doing nothing else.
  await page.getByRole('button', { name: 'Pause' }).click();
  await panel.getByLabel('Follow training').uncheck();
  await page.waitForTimeout(500);
  const paused = [];
  for (let i = 0; i < 5; i++) {
    const before = await statusText();
    await panel.getByRole('button', { name: 'Compute surface' }).click();
    // The same weights give the same line but for the ms: wait for the button's round trip.
    await page.waitForFunction((b) => document.querySelector('.surface-status').textContent !== b
      || !document.querySelector('.surface progress'), before, { timeout: 30000 }).catch(() => {});
    await page.waitForTimeout(300);
    const m = /grid computed in ([\d.]+) ms/.exec(await statusText());
    if (m) paused.push(+m[1]);
  }
  surfaceRows.push({
    paused_grid_ms_median: +quantile(paused, 0.5).toFixed(1),
    paused_grid_ms_min: +Math.min(...paused).toFixed(1),
    config: name,
    surfaces_seen: ms.length,
    grid_ms_median: +quantile(ms, 0.5).toFixed(1),
    grid_ms_min: +Math.min(...ms).toFixed(1),
    epochs_per_s: Math.round(((e1 - e0) * 1000) / (t1 - t0)),
    fps_median: +(1000 / median).toFixed(1),
    frame_ms_median: +median.toFixed(1),
    frame_ms_p95: +quantile(gaps, 0.95).toFixed(1),
  });
  await page.close();
}

await browser.close();
await server.close();
if (rows.length) console.table(rows);
if (surfaceRows.length) console.table(surfaceRows);
// Augmentation (every kind on), relative to the same network without.
for (const r of rows.filter((r) => r.config.endsWith(', augmented'))) {
  const plain = rows.find((p) => p.config === r.config.replace(', augmented', ''));
  if (plain) console.log(`${plain.config}: epochs/s with augmentation ÷ without = ${(r.epochs_per_s / plain.epochs_per_s).toFixed(2)}`);
}
// Batch norm and dropout on every hidden layer, relative to the same network without.
for (const r of rows.filter((r) => r.config.endsWith(', bn + dropout 0.3'))) {
  const plain = rows.find((p) => p.config === r.config.replace(', bn + dropout 0.3', ''));
  if (plain) console.log(`${plain.config}: epochs/s with bn + dropout ÷ without = ${(r.epochs_per_s / plain.epochs_per_s).toFixed(2)}`);
}

const sizes = fs.readdirSync(DIST).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => {
  const body = fs.readFileSync(path.join(DIST, f));
  return { file: f, raw_kb: Math.round(body.length / 1024), gzip_kb: Math.round(zlib.gzipSync(body, { level: 9 }).length / 1024) };
});
console.table(sizes);
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync('out/bench.json', JSON.stringify({ rows, surface: surfaceRows, sizes }, null, 2));

// Budgets (issue 17): each figure against a budget that fails the benchmark (`.ci/bench`)
// when exceeded, and the goal it is meant to reach. The budgets are today's figures with a
// small margin (a ratchet: lower them as the figures improve); the goals are the issue's.
// The page's own profile (opt-level z) and Leptos's erase_components took the page from 1,143
// to 640 KB, and the worker (no settings or string table) from 960 to 864 KB; the first frame
// drawn from the settings alone, with the lower panels built after it, from about 1,300 ms
// (then the worker's first boundary) to 387 ms (2026-12-03).
const gzipOf = (re) => sizes.filter((s) => re.test(s.file)).reduce((a, s) => a + s.gzip_kb, 0);
const defaults = rows.find((r) => r.config.endsWith('(defaults)'));
const budgets = [
  ['page wasm + js, gzip (KB)', gzipOf(/^app/), 680, 250],
  ['everything, gzip (KB)', gzipOf(/./), 1540, 800],
  ['first drawn frame, defaults, median (ms)', loadMedian?.first_frame ?? defaults?.first_view_ms, 600, 400],
];
let over = 0;
for (const [what, value, budget, goal] of budgets) {
  if (value === undefined) continue;
  const ok = value <= budget;
  if (!ok) over++;
  console.log(`budget ${ok ? 'ok  ' : 'OVER'} ${what}: ${value} (budget ${budget}, goal ${goal}${value <= goal ? ', reached' : ''})`);
}
if (over) {
  console.error(`${over} budget(s) exceeded`);
  process.exitCode = 1;
}
