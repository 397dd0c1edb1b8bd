// Looks and exports (issue 16) in real headless Chromium: every plot saves as PNG and as SVG
// (the same plot function on plotters' SVG backend; layered figures stacked); the theme
// (chosen, or the system's), the colour-blind-safe palette and reduced motion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, openApp, until } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Clicks a figure's save button (`PNG: Title` / `SVG: Title`), returns the file's name and bytes. */
async function save(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
  return { file: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
}

/** The colour of a canvas's pixel (x, y), by its accessible name. */
const pixel = (page, name, x = 2, y = 2) =>
  page.getByRole('img', { name }).evaluate((c, [x, y]) => Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)), [x, y]);

test('every plot saves as PNG and as SVG; a layered figure saves as one drawing', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&seed=1&show_test=1&race_len=50');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /epoch [1-9]/ }).waitFor({ timeout: 20000 });

  const png = await save(page, 'PNG: Decision boundary');
  assert.equal(png.file, 'descent-boundary.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');

  const svg = await save(page, 'SVG: Decision boundary');
  assert.equal(svg.file, 'descent-boundary.svg');
  const text = svg.bytes.toString('utf8');
  assert.match(text, /^<svg[^>]*width="360"[^>]*height="360"/);
  assert.ok(text.trimEnd().endsWith('</svg>'));
  // 500 points, each a dot on a rim; the heatmap as rectangles; the axes' numbers as text.
  assert.ok((text.match(/<circle/g) ?? []).length >= 2 * 500, 'points');
  assert.ok((text.match(/<rect/g) ?? []).length >= 48, 'heatmap');
  assert.ok((text.match(/<text/g) ?? []).length >= 8, 'axis labels');
  // The canvas is unharmed by the export (drawn again as it was).
  await until(page, () => page.getByRole('img', { name: /^Decision boundary/ }).evaluate((c) => c.toDataURL().length), (n) => n > 5000, 'the boundary still drawn');

  const loss = (await save(page, 'SVG: Loss over epochs')).bytes.toString('utf8');
  assert.match(loss, /<polyline|<path/);
  assert.ok(loss.includes('epoch'), 'the axis is named');

  // The race's map: the function's field and the moving layer (the racers' start), two
  // canvases, one file.
  await page.waitForFunction(() => !document.querySelector('.race-transport button.primary').disabled, null, { timeout: 20000 });
  const map = (await save(page, 'SVG: Contours and paths')).bytes.toString('utf8');
  assert.equal((map.match(/<svg/g) ?? []).length, 1, 'one drawing');
  assert.ok((map.match(/<rect/g) ?? []).length > 100, 'the field (a heatmap)');
  assert.ok((map.match(/<circle/g) ?? []).length >= 2, 'the start, from the layer above');
  const mapPng = await save(page, 'PNG: Contours and paths');
  assert.equal(mapPng.file, 'descent-race-map.png');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the theme: chosen in the header, or the system\'s; the plots follow it', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1');
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  assert.equal(await theme(), 'light');
  assert.deepEqual(await pixel(page, /^Loss over epochs/), [255, 255, 255]);
  await page.getByLabel('Theme').selectOption('dark');
  assert.equal(await theme(), 'dark');
  await page.waitForFunction(() => location.hash.includes('theme=dark'));
  // The page's colours and the plots' paper turn dark.
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgba(0, 0, 0, 0)');
  const root = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.equal(root, 'rgb(18, 20, 24)');
  await until(page, () => pixel(page, /^Loss over epochs/), (p) => p.join() === '28,31,36', 'the loss plot on dark paper');
  // Projector: larger text.
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await size();
  await page.getByLabel('Theme').selectOption('projector');
  assert.ok((await size()) > before * 1.2, 'larger text');
  // Back to the system's: the default is not written to the URL.
  await page.getByLabel('Theme').selectOption('auto');
  await page.waitForFunction(() => !location.hash.includes('theme='));
  assert.deepEqual(page.errors, []);
  await page.close();

  // A system that prefers dark gets the dark theme without any key.
  const dark = await openApp(browser, server.url, 'dataset=circle', undefined, { colorScheme: 'dark' });
  assert.equal(await dark.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await until(dark, () => pixel(dark, /^Loss over epochs/), (p) => p.join() === '28,31,36', 'dark paper');
  await dark.close();
});

test('the colour-blind-safe palette gives each class its colour and shape; reduced motion slows the race', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&seed=1');
  await page.getByLabel('Colours').selectOption('safe');
  await page.waitForFunction(() => location.hash.includes('palette=safe'));
  const svg = (await save(page, 'SVG: Decision boundary')).bytes.toString('utf8').toLowerCase();
  // Class 0: Okabe–Ito vermillion circles; class 1: blue squares.
  assert.ok(svg.includes('#d55e00') && svg.includes('#0072b2'), 'Okabe–Ito colours');
  const circles = (svg.match(/<circle/g) ?? []).length;
  // 250 training points: about half of them (class 0) are round, each a dot on a rim.
  assert.ok(circles > 180 && circles < 320, `about half the points are round: ${circles}`);
  assert.ok((svg.match(/<rect/g) ?? []).length > 180 + 48, 'the other half square');
  assert.deepEqual(page.errors, []);
  await page.close();

  const calm = await openApp(browser, server.url, 'dataset=xor', undefined, { reducedMotion: 'reduce' });
  assert.equal(await calm.getByLabel('Speed (steps a second)').inputValue(), '30');
  const transition = await calm.getByRole('button', { name: 'Play' }).evaluate((b) => getComputedStyle(b).transitionDuration);
  assert.equal(transition, '0s');
  await calm.close();
  const normal = await openApp(browser, server.url, 'dataset=xor');
  assert.equal(await normal.getByLabel('Speed (steps a second)').inputValue(), '60');
  await normal.close();
});
