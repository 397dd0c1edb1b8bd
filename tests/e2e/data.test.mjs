// The data lab (issue 5) in real headless Chromium: histograms before and after scaling, the
// learning curve, points added and removed by clicking, the input features as checkboxes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus, canvasData, canvasChanged } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The histograms' statistics line of one feature, e.g. `x₁: before scaling μ 0.1  σ 346; after scaling μ 0  σ 1.00`. */
async function statsLine(page, symbol) {
  const lines = await page.locator('.hist-stats li').allTextContents();
  return lines.find((l) => l.startsWith(`${symbol}:`));
}

/** Parses `μ m  σ s` after `label` in a statistics line. */
function stats(line, label) {
  const m = new RegExp(`${label} μ ([^\\s;]+)\\s+σ ([^\\s;]+)`).exec(line);
  assert.ok(m, `no ${label} statistics in: ${line}`);
  return { mean: Number(m[1]), std: Number(m[2]) };
}

test('histograms show each feature before and after scaling; standardize brings x₁ × 100 to mean 0, σ 1', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1&x1_scale=100');
  const figure = page.getByRole('img', { name: /Training inputs before and after scaling/ });
  await figure.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.hist-stats li').length === 2);
  const x1 = await statsLine(page, 'x₁');
  const x2 = await statsLine(page, 'x₂');
  // No scaling: after = before; x₁ × 100 spreads 100 times wider than x₂.
  assert.deepEqual(stats(x1, 'after scaling'), stats(x1, 'before scaling'));
  assert.ok(stats(x1, 'before scaling').std > 50 * stats(x2, 'before scaling').std, `${x1} / ${x2}`);
  const pixels = await canvasData(page, /Training inputs before and after scaling/);

  await page.getByLabel('Feature scaling').selectOption('standardize');
  await page.waitForFunction(() => [...document.querySelectorAll('.hist-stats li')].some((li) => li.textContent.startsWith('x₁:') && /after scaling μ 0\s+σ 1\.00/.test(li.textContent)));
  for (const symbol of ['x₁', 'x₂']) {
    const line = await statsLine(page, symbol);
    assert.deepEqual(stats(line, 'after scaling'), { mean: 0, std: 1 }, line);
  }
  // Before scaling is unchanged: the statistics come from the same training points.
  assert.deepEqual(stats(await statsLine(page, 'x₁'), 'before scaling'), stats(x1, 'before scaling'));
  assert.notEqual(await canvasData(page, /Training inputs before and after scaling/), pixels, 'the histograms redrew');
  assert.match(await page.evaluate(() => location.hash), /scaling=standardize/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the learning curve shows progress, draws a point per size, and can be cancelled', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const start = page.getByRole('button', { name: 'Learning curve' });
  await start.click();
  const bar = page.getByRole('progressbar', { name: 'Learning curve' });
  await bar.waitFor();
  assert.ok(await start.isDisabled(), 'one curve at a time');
  // The chart fills in while later sizes still train.
  await page.waitForFunction(() => document.querySelectorAll('.curve-points li').length >= 1, null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelectorAll('.curve-points li').length === 6, null, { timeout: 120000 });
  await bar.waitFor({ state: 'detached' });
  const points = await page.locator('.curve-points li').allTextContents();
  assert.deepEqual(points.map((p) => Number(p.split(':')[0])), [25, 50, 100, 200, 400, 800]);
  const acc = points.map((p) => Number(/([\d.]+)%/.exec(p)[1]));
  assert.ok(acc[5] > acc[0], `800 points ${acc[5]} % vs 25 points ${acc[0]} %`);
  // Blue (test) markers on the chart.
  const blue = await page.getByRole('img', { name: /More data/ }).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0x08) < 30 && Math.abs(d[i + 1] - 0x77) < 30 && Math.abs(d[i + 2] - 0xbd) < 30) n++;
    return n;
  });
  assert.ok(blue > 50, `blue pixels: ${blue}`);

  // Again, and cancel: the progress goes, a message says so, the button works again.
  await start.click();
  await bar.waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await bar.waitFor({ state: 'detached' });
  await page.getByText('Cancelled: the chart shows the sizes finished.').waitFor();
  assert.ok(!(await start.isDisabled()));
  // Training still works afterwards.
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 3, 20000);
  // The curve belongs to its settings: changing one clears the chart.
  assert.ok(await page.locator('figure.curve').isVisible());
  await page.getByLabel('Feature scaling').selectOption('standardize');
  await page.locator('figure.curve').waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('clicking on the plot adds a point where clicked; Alt-click and the remove mode take it away', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1&points=100');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const plot = page.getByRole('img', { name: /^Decision boundary/ });
  // Off by default: a click changes nothing.
  await plot.click({ position: { x: 60, y: 60 } });
  assert.equal(await page.locator('.point-count').count(), 0);
  assert.match(await page.evaluate(() => location.hash), /dataset=circle/);

  await page.getByLabel('Clicking on the plot').selectOption('add1');
  const box = await plot.boundingBox();
  const at = { x: Math.round(box.width * 0.8), y: Math.round(box.height * 0.2) };
  await plot.click({ position: at });
  // The dataset's 100 points were copied, plus the new one.
  await page.getByText('Your points: 101').waitFor();
  assert.match(await page.evaluate(() => location.hash), /dataset=custom/);
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  // The new point is drawn in blue (class 1) under the pointer.
  const near = async () => plot.evaluate((c, at) => {
    const sx = c.width / c.clientWidth, sy = c.height / c.clientHeight;
    const x = Math.round(at.x * sx), y = Math.round(at.y * sy);
    const d = c.getContext('2d').getImageData(x - 1, y - 1, 3, 3).data;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0x08) < 12 && Math.abs(d[i + 1] - 0x77) < 12 && Math.abs(d[i + 2] - 0xbd) < 12) return true;
    return false;
  }, at);
  let drawn = false;
  for (let i = 0; i < 50 && !drawn; i++) { drawn = await near(); if (!drawn) await page.waitForTimeout(100); }
  assert.ok(drawn, 'a blue point where the click was');

  // Shift-click: the other class; Alt-click removes the nearest point.
  await plot.click({ position: { x: at.x - 30, y: at.y }, modifiers: ['Shift'] });
  await page.getByText('Your points: 102').waitFor();
  await plot.click({ position: { x: at.x - 30, y: at.y }, modifiers: ['Alt'] });
  await page.getByText('Your points: 101').waitFor();
  await page.getByLabel('Clicking on the plot').selectOption('remove');
  await plot.click({ position: at });
  await page.getByText('Your points: 100').waitFor();
  // Far from every point (the plot's corner of the plane), remove does nothing.
  await plot.click({ position: { x: Math.round(box.width * 0.12), y: Math.round(box.height * 0.05) } });
  // The points train (and the click far from every point removed none).
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 3, 20000);
  assert.equal(await page.locator('.point-count').textContent(), 'Your points: 100');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('regression: a click adds a point with the chosen value', async () => {
  const page = await openApp(browser, server.url, 'dataset=plane&seed=1&points=60');
  await page.getByRole('status').first().filter({ hasText: 'epoch 0' }).waitFor();
  const mode = page.getByLabel('Clicking on the plot');
  // No classes for regression: a value instead.
  assert.equal(await mode.locator('option[value="add1"]').count(), 0);
  await mode.selectOption('value');
  await page.getByLabel('Value of an added point').fill('0.8');
  await page.getByLabel('Value of an added point').press('Enter');
  const plot = page.getByRole('img', { name: /^Decision boundary/ });
  await plot.click({ position: { x: 100, y: 100 } });
  await page.getByText('Your points: 61').waitFor();
  assert.match(await page.evaluate(() => location.hash), /dataset=custom/);
  // Still regression (no accuracy), and it trains.
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('status').first().filter({ hasText: /epoch [1-9]/ }).waitFor({ timeout: 20000 });
  assert.doesNotMatch(await page.getByRole('status').first().textContent(), /accuracy/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('feature checkboxes change the URL and the network\'s inputs, and a link restores them', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1');
  const inputs = page.locator('.inputs');
  assert.equal(await inputs.textContent(), 'Inputs (2): x₁, x₂');
  const net = await canvasData(page, /^Network/);
  await page.getByRole('checkbox', { name: 'x₁²' }).check();
  await page.getByRole('checkbox', { name: 'sin(x₂)' }).check();
  await page.waitForFunction(() => /features=x1,x2,x1sq,sinx2/.test(location.hash));
  assert.equal(await inputs.textContent(), 'Inputs (4): x₁, x₂, x₁², sin x₂');
  await canvasChanged(page, /^Network/, net); // the network redrew with four inputs
  await page.getByRole('checkbox', { name: 'x₁', exact: true }).uncheck();
  await page.getByRole('checkbox', { name: 'x₂', exact: true }).uncheck();
  await page.getByRole('checkbox', { name: 'sin(x₂)' }).uncheck();
  // The last feature cannot be switched off.
  const last = page.getByRole('checkbox', { name: 'x₁²' });
  assert.ok(await last.isChecked());
  assert.ok(await last.isDisabled());
  await page.waitForFunction(() => /features=x1sq(&|$)/.test(location.hash));
  assert.equal(await inputs.textContent(), 'Inputs (1): x₁²');
  // The histograms follow: one row, for x₁².
  await page.waitForFunction(() => document.querySelectorAll('.hist-stats li').length === 1);
  assert.match(await page.locator('.hist-stats li').textContent(), /^x₁²:/);
  // Trains with the one input.
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 3, 20000);

  const hash = await page.evaluate(() => location.hash.slice(1));
  const other = await openApp(browser, server.url, hash.replace('features=x1sq', 'features=x2,x1x2'));
  assert.ok(await other.getByRole('checkbox', { name: 'x₁x₂' }).isChecked());
  assert.ok(await other.getByRole('checkbox', { name: 'x₂', exact: true }).isChecked());
  assert.ok(!(await other.getByRole('checkbox', { name: 'x₁', exact: true }).isChecked()));
  assert.equal(await other.locator('.inputs').textContent(), 'Inputs (2): x₂, x₁x₂');
  assert.deepEqual([...page.errors, ...other.errors], []);
  await other.close();
  await page.close();
});

test('Persian: the data lab is labelled in Persian, with Persian digits', async () => {
  const page = await openApp(browser, server.url, 'lang=fa&x1_scale=100&scaling=standardize');
  await page.getByRole('button', { name: 'منحنی یادگیری' }).waitFor();
  await page.getByLabel('کلیک روی نمودار').waitFor();
  await page.getByRole('img', { name: /ورودی‌های آموزشی پیش و پس از مقیاس‌بندی/ }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.hist-stats li').length === 2);
  assert.match(await page.locator('.hist-stats li').first().textContent(), /پس از مقیاس‌بندی μ ۰\s+σ ۱٫۰۰/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
