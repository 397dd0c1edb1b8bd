// Improving training (issue 6) in real headless Chromium, driven by visible labels: the
// layer-activity view, the per-layer batch-norm and dropout controls, the evaluation-mode note,
// and the scenario (a 6×16 network on 60 noisy spiral points, run A vs run B with dropout).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus, canvasData, until, canvasChanged } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));

/** Pixels of a canvas (by accessible name) that pass `test(r, g, b)`. */
function countPixels(page, name, test) {
  return page.getByRole('img', { name }).evaluate((c, src) => {
    const pass = new Function('r', 'g', 'b', `return ${src};`);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (pass(d[i], d[i + 1], d[i + 2])) n++;
    return n;
  }, test);
}

// The activity heatmap's dark blue (a large share of values in a bin).
const DARK_BLUE = 'b > 90 && r < 90 && b - r > 50';

test('layer activity: one heatmap per hidden layer, drawn and updated while training', async () => {
  const page = await openApp(browser, server.url, 'dataset=spiral&hidden=8,8,8&act=tanh&seed=1');
  const activity = page.getByRole('img', { name: /^Layer activity/ });
  await activity.waitFor();
  // Three layers: the canvas grows to hold three rows.
  const height = await activity.evaluate((c) => c.height);
  assert.ok(height >= 3 * 50, `canvas height ${height}`);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 3, 20000);
  // Heatmap cells drawn: more than 100 dark blue pixels.
  await until(page, () => countPixels(page, /^Layer activity/, DARK_BLUE), (n) => n > 100, 'the heatmap cells');
  const first = await canvasData(page, /^Layer activity/);
  await waitForStatus(page, (s) => s.epoch >= 40, 30000);
  await canvasChanged(page, /^Layer activity/, first); // the view updates while training
  await page.getByRole('button', { name: 'Pause' }).click();
  // Its help explains saturation.
  await page.getByText(/beyond ±2/).first().waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('per-layer batch norm and dropout: the switches write bn= and dropout= and mark the diagram; the evaluation-mode note appears', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&hidden=4,4,2&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const note = page.getByRole('note').filter({ hasText: 'evaluation mode' });
  assert.equal(await note.count(), 0, 'no note without dropout or batch norm');
  const diagram = await canvasData(page, /^Network/);

  await page.getByLabel('Layer 2 batch norm', { exact: true }).check();
  assert.match(await hash(page), /bn=0,1,0/);
  await note.waitFor();
  const withBn = await canvasChanged(page, /^Network/, diagram); // the diagram notes batch norm

  await page.getByLabel('Layer 1 dropout rate', { exact: true }).selectOption('0.3');
  assert.match(await hash(page), /dropout=0\.3,0,0/);
  await canvasChanged(page, /^Network/, withBn); // the diagram notes the dropout rate

  // Keyboard: Space on a focused switch; it keeps the focus.
  const third = page.getByLabel('Layer 3 batch norm', { exact: true });
  await third.focus();
  await page.keyboard.press('Space');
  assert.match(await hash(page), /bn=0,1,1/);
  assert.ok(await third.evaluate((e) => e === document.activeElement), 'focus stays on the switch');
  await page.getByLabel('Layer 1 batch norm', { exact: true }).check();
  assert.match(await hash(page), /bn=1(&|$)/, 'every layer on: one value');

  // Training still works with them, and the status keeps going.
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 5, 20000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Off again: the note goes.
  for (const k of [1, 2, 3]) await page.getByLabel(`Layer ${k} batch norm`, { exact: true }).uncheck();
  await page.getByLabel('Layer 1 dropout rate', { exact: true }).selectOption('0');
  assert.doesNotMatch(await hash(page), /bn=1|dropout=0\.3/);
  assert.equal(await note.count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Persian: per-layer switches and the evaluation-mode note are in Persian', async () => {
  const page = await openApp(browser, server.url, 'hidden=4,4&bn=1&lang=fa');
  await page.getByRole('note').filter({ hasText: 'حالت ارزیابی' }).waitFor();
  assert.equal(await page.getByLabel('لایه ۲ نرمال‌سازی دسته‌ای', { exact: true }).isChecked(), true);
  await page.getByLabel('لایه ۱ نرخ حذف تصادفی', { exact: true }).selectOption('0.5');
  assert.match(await hash(page), /dropout=0\.5,0/);
  await page.getByRole('img', { name: /^فعالیت لایه‌ها/ }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the issue\'s scenario: a 6×16 network on 60 noisy spiral points, run A vs run B with dropout, shows both runs', async () => {
  const page = await openApp(browser, server.url,
    'dataset=spiral&points=60&noise=30&hidden=16,16,16,16,16,16&act=tanh&seed=1&compare=1');
  await page.getByRole('img', { name: /Decision boundary, run B/ }).waitFor();
  // Dropout in every hidden layer of run B, through its own per-layer controls.
  for (let k = 1; k <= 6; k++) {
    await page.getByLabel(`Run B: Layer ${k} dropout rate`, { exact: true }).selectOption('0.3');
  }
  const h = await hash(page);
  assert.match(h, /b\.dropout=0\.3(&|$)/, h);
  assert.match(h, /[#&]dropout=0&/, 'run A has no dropout');
  await page.getByRole('note').filter({ hasText: 'evaluation mode' }).waitFor();
  await page.getByRole('button', { name: 'Play' }).click();
  const b = page.getByRole('status').filter({ hasText: 'Run B:' });
  await b.filter({ hasText: /epoch [1-9]\d/ }).waitFor({ timeout: 30000 });
  await waitForStatus(page, (s) => s.epoch >= 20, 30000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Both runs' curves: run A in black, run B in green (Okabe–Ito bluish green).
  const green = await until(page, () => countPixels(page, /^Loss over epochs/, 'g > 120 && r < 60 && b > 80 && b < 150'), (n) => n > 30, 'run B\'s green curves');
  const black = await countPixels(page, /^Loss over epochs/, 'r < 70 && g < 70 && b < 70');
  assert.ok(green > 30, `run B's curves: ${green} green pixels`);
  assert.ok(black > 30, `run A's curves: ${black} dark pixels`);
  // The layer activity shows both runs: two columns, titled.
  const activity = page.getByRole('img', { name: /^Layer activity/ });
  assert.ok(await activity.evaluate((c) => c.height) >= 6 * 50);
  assert.ok(await countPixels(page, /^Layer activity/, DARK_BLUE) > 200);
  // Both boundaries drew.
  assert.equal(await page.getByRole('img', { name: /Decision boundary/ }).count(), 2);
  assert.deepEqual(page.errors, []);
  await page.close();
});
