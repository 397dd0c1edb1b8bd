// Soak (issue 17): SOAK_MINUTES (default 10) of training with every view live and the loss
// surface following training, sampling every 30 s the page's and the worker's wasm memory
// (`window.wasmBindings.descent_memory()`; a wasm memory only grows, so a leak shows) and
// Chromium's JS heap. Prints the curve, then whether each wasm memory stayed within ±10 % of
// its size after the first minute; exits 1 if not. Run: cd tests/e2e && node soak.mjs
import { serve, launch, openApp, parseStatus } from './lib.mjs';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const HASH = process.env.SOAK_HASH ?? 'dataset=spiral&points=1000&layers=d8,d8&act=tanh&bn=1&dropout=0.1&compare=1&b.opt=adam&seed=1';
const server = await serve();
const browser = await launch();
const page = await openApp(browser, server.url, HASH);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
const memory = async () => {
  await page.evaluate(() => window.wasmBindings.descent_memory());
  await page.waitForTimeout(500); // the worker's answer
  const [pageBytes, workerBytes] = await page.evaluate(() => window.wasmBindings.descent_memory());
  return { pageBytes, workerBytes, heapBytes: await heap() };
};
await page.getByRole('button', { name: 'Play' }).click();
const panel = page.getByRole('region', { name: 'Loss surface' });
await panel.getByRole('button', { name: 'Compute surface' }).click();
const rows = [];
const start = Date.now();
for (let t = 0; t <= MINUTES * 60; t += 30) {
  if (t > 0) await page.waitForTimeout(Math.max(0, start + t * 1000 - Date.now()));
  const m = await memory();
  const status = parseStatus(await page.getByRole('status').first().textContent());
  rows.push({ minute: +(t / 60).toFixed(1), epoch: status?.epoch, page_mb: +(m.pageBytes / 2 ** 20).toFixed(1), worker_mb: +(m.workerBytes / 2 ** 20).toFixed(1), js_heap_mb: +(m.heapBytes / 2 ** 20).toFixed(1) });
  console.log(JSON.stringify(rows.at(-1)));
}
console.table(rows);
const after = rows.filter((r) => r.minute >= 1);
let bad = 0;
// Judged: the wasm memories (the engine's and the page's Rust heaps). The JS heap is printed
// for information only: it rises and falls with garbage collection.
for (const key of ['page_mb', 'worker_mb']) {
  const base = after[0][key];
  const worst = Math.max(...after.map((r) => Math.abs(r[key] - base) / base));
  const ok = worst <= 0.1;
  if (!ok) bad++;
  console.log(`${key}: ${base} MB after the first minute, largest change since ${(worst * 100).toFixed(1)} % ${ok ? '(within ±10 %)' : '(OVER ±10 %)'}`);
}
if (page.errors.length) {
  console.log('errors:', page.errors);
  bad++;
}
await browser.close();
await server.close();
process.exitCode = bad ? 1 : 0;
