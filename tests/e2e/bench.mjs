// Browser benchmark: node bench.mjs (the README's bench command runs it after the native one).
// For each configuration: time from navigation to the first drawn boundary, training epochs
// per second with every view live, and the page's frame intervals (median, p95) while the
// worker trains. Then the bundle's sizes, raw and gzipped.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { serve, launch, openApp, parseStatus, DIST } from './lib.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const configs = [
  ['2-4-2-1, 250 train points, batch 10 (defaults)', 'dataset=circle&seed=1'],
  ['2-8-8-1, 500 train points, batch 10', 'dataset=spiral&points=1000&hidden=8,8&seed=1'],
  ['2-8-8-1, 500 train points, full batch', 'dataset=spiral&points=1000&hidden=8,8&batch=500&seed=1'],
];

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const server = await serve();
const browser = await launch();
const rows = [];
for (const [name, hash] of configs) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__frames = [];
    const loop = (t) => { window.__frames.push(t); requestAnimationFrame(loop); };
    requestAnimationFrame(loop);
  });
  await page.goto(`${server.url}#${hash}`);
  await page.waitForFunction(() => performance.getEntriesByName('descent:first-view').length > 0, null, { timeout: 30000 });
  const firstView = await page.evaluate(() => performance.getEntriesByName('descent:first-view')[0].startTime);
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(1000);
  const status = async () => parseStatus(await page.getByRole('status').textContent());
  const e0 = (await status()).epoch;
  const [t0, f0] = await page.evaluate(() => [performance.now(), window.__frames.length]);
  await page.waitForTimeout(SECONDS * 1000);
  const e1 = (await status()).epoch;
  const [t1, frames] = await page.evaluate((f0) => [performance.now(), window.__frames.slice(f0)], f0);
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  const median = quantile(gaps, 0.5);
  rows.push({
    config: name,
    first_view_ms: Math.round(firstView),
    epochs_per_s: Math.round(((e1 - e0) * 1000) / (t1 - t0)),
    fps_median: +(1000 / median).toFixed(1),
    frame_ms_median: +median.toFixed(1),
    frame_ms_p95: +quantile(gaps, 0.95).toFixed(1),
    frame_ms_max: +Math.max(...gaps).toFixed(1),
  });
  await page.close();
}
// The optimizer race animating (6 racers, 2000 steps at 150 steps a second, gradient arrows on)
// while the network trains: the page's frame intervals.
{
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
    epochs_per_s: null,
    fps_median: +(1000 / median).toFixed(1),
    frame_ms_median: +median.toFixed(1),
    frame_ms_p95: +quantile(gaps, 0.95).toFixed(1),
    frame_ms_max: +Math.max(...gaps).toFixed(1),
  });
  await page.close();
}
await browser.close();
await server.close();
console.table(rows);

const sizes = fs.readdirSync(DIST).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => {
  const body = fs.readFileSync(path.join(DIST, f));
  return { file: f, raw_kb: Math.round(body.length / 1024), gzip_kb: Math.round(zlib.gzipSync(body, { level: 9 }).length / 1024) };
});
console.table(sizes);
fs.mkdirSync('out', { recursive: true });
fs.writeFileSync('out/bench.json', JSON.stringify({ rows, sizes }, null, 2));
