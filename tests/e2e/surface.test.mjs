// The loss-surface panel (issue 4) in real headless Chromium, driven by visible labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus, canvasData, canvasChanged } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const panel = (page) => page.getByRole('region', { name: 'Loss surface' });
const status = (page) => panel(page).locator('.surface-status');

/** Pixels of the contour canvas that are the path's vermillion (#d55e00, within a tolerance). */
function pathPixels(page) {
  return page.getByRole('img', { name: /Loss surface: contour map/ }).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - 0xd5) < 30 && Math.abs(d[i + 1] - 0x5e) < 30 && d[i + 2] < 40) n++;
    }
    return n;
  });
}

test('the spiral trains, the surface shows progress, then the contour with the path, and follows training', async () => {
  const page = await openApp(browser, server.url, 'dataset=spiral&hidden=8,8&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const p = panel(page);
  await p.getByLabel('Directions').selectOption({ label: 'Random (filter-normalized)' });
  // The biggest grid, so the progress bar is on screen long enough to see.
  await p.getByRole('slider', { name: 'Grid' }).fill('81');
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 20, 30000);
  const empty = await canvasData(page, /Loss surface: contour map/);
  await p.getByRole('button', { name: 'Compute surface' }).click();
  await p.getByRole('progressbar', { name: 'Computing the loss surface' }).waitFor({ timeout: 10000 });
  await status(page).filter({ hasText: /81 × 81: grid computed in [\d.]+ ms/ }).waitFor({ timeout: 30000 });
  assert.notEqual(await canvasData(page, /Loss surface: contour map/), empty, 'the contour map drew');
  // Training went on meanwhile, and the path (vermillion) is on the map.
  const s0 = await waitForStatus(page, (s) => s.epoch > 20);
  assert.ok(s0.epoch > 20);
  assert.ok(await pathPixels(page) > 20, 'the path is drawn');
  // Following training: the map changes as the weights move.
  const before = await canvasData(page, /Loss surface: contour map/);
  await canvasChanged(page, /Loss surface: contour map/, before); // the surface follows training
  // The 3-D view turns with the arrow keys.
  const view3d = page.getByRole('img', { name: /Loss surface: 3-D view/ });
  await page.getByRole('button', { name: 'Pause' }).click();
  const still = await canvasData(page, /Loss surface: 3-D view/);
  await view3d.focus();
  await page.keyboard.press('ArrowRight');
  // The 3-D view turned.
  const turned = await canvasChanged(page, /Loss surface: 3-D view/, still);
  // … and by dragging.
  const box = await view3d.boundingBox();
  await page.mouse.move(box.x + 200, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 220, { steps: 6 });
  await page.mouse.up();
  await canvasChanged(page, /Loss surface: 3-D view/, turned); // dragging turned the 3-D view
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a slow surface can be cancelled: the progress goes away and no surface comes', async () => {
  // A big network and many points: an 81×81 grid takes seconds.
  const page = await openApp(browser, server.url, 'dataset=spiral&points=5000&hidden=16,16,16&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const p = panel(page);
  await p.getByRole('slider', { name: 'Grid' }).fill('81');
  await p.getByRole('button', { name: 'Compute surface' }).click();
  const bar = p.getByRole('progressbar', { name: 'Computing the loss surface' });
  await bar.waitFor({ timeout: 10000 });
  await p.getByRole('button', { name: 'Cancel' }).click();
  await bar.waitFor({ state: 'detached', timeout: 5000 });
  // The page still works: training runs. A surface job still alive would share the worker's
  // ticks with these epochs and report its progress: none comes.
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 20, 60000);
  assert.equal(await status(page).textContent(), '', 'no surface arrived after the cancel');
  assert.equal(await bar.count(), 0, 'no progress after the cancel');
  assert.equal(await p.getByRole('button', { name: 'Cancel' }).isVisible(), false);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('two weights chosen by clicking links on the network diagram span the surface', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&hidden=4&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const p = panel(page);
  // Click two links: from x₁ (top input) to the first hidden neuron, and from the second
  // hidden neuron to the output; their middles, found from the diagram's geometry.
  const net = page.getByRole('img', { name: /^Network\./ });
  const links = await net.evaluate((c) => ({ w: c.width, h: c.height, cw: c.clientWidth }));
  assert.ok(links.w > 0);
  // Layout of [2, 4, 1] on 420×300 (plot/network.rs): computed the same way here.
  const MARGIN = 40; // LABEL_MARGIN in plot/network.rs
  const geo = (widths, W, H) => {
    const w = W - MARGIN, h = H, cols = widths.length, tallest = Math.max(...widths);
    const size = Math.max(6, Math.min(40, Math.min(Math.floor(h / (tallest + Math.floor((tallest - 1) / 2) + 1)), Math.floor(w / (2 * cols)))));
    const gap = Math.floor(size / 2), step = Math.floor((w - size) / (cols - 1));
    return widths.map((n, l) => {
      const x = MARGIN + l * step, total = n * size + Math.max(n - 1, 0) * gap, y0 = Math.floor((h - total) / 2);
      return Array.from({ length: n }, (_, k) => [x, y0 + k * (size + gap)]);
    }).map((col) => col.map(([x, y]) => ({ x, y, size })));
  };
  const nodes = geo([2, 4, 1], links.w, links.h);
  const mid = (l, i, o) => {
    const a = nodes[l][i], b = nodes[l + 1][o], s = a.size;
    const scale = links.cw / links.w;
    return { x: ((a.x + s + b.x) / 2) * scale, y: ((a.y + Math.floor(s / 2) + b.y + Math.floor(s / 2)) / 2) * scale };
  };
  await net.click({ position: mid(0, 0, 0) });
  await p.getByText('Chosen weights: w[1](1,1)').waitFor();
  assert.equal(await p.getByLabel('Directions').inputValue(), 'weights', 'a click chooses weight directions');
  await net.click({ position: mid(1, 1, 0) });
  await p.getByText('Chosen weights: w[1](1,1), w[2](2,1)').waitFor();
  assert.equal(await p.getByLabel('First weight').inputValue(), '0');
  await p.getByRole('button', { name: 'Compute surface' }).click();
  await status(page).filter({ hasText: /grid computed in/ }).waitFor({ timeout: 30000 });
  // The contour's axes are named after the two weights (drawn text: check the canvas changed
  // and the panel says which weights).
  await p.getByText(/w\[1\]\(1,1\), w\[2\]\(2,1\)/).waitFor();
  // Clicking a chosen link again drops it; one weight is not enough: a clear message.
  await page.getByRole('button', { name: 'Pause' }).isVisible().catch(() => {});
  await net.click({ position: mid(1, 1, 0) });
  await p.getByText('Chosen weights: w[1](1,1)').waitFor();
  await p.getByRole('button', { name: 'Compute surface' }).click();
  await p.getByRole('alert').filter({ hasText: 'Choose two different weights' }).waitFor();
  // Keyboard way: the selects.
  await p.getByLabel('Second weight').selectOption({ label: 'w[1](2,3)' });
  await p.getByText('Chosen weights: w[1](1,1), w[1](2,3)').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the panel\'s choices are in the link: directions, grid and following come back on reload', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&hidden=4&seed=1&surface=pca&surface_grid=21&surface_live=0');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const p = panel(page);
  assert.equal(await p.getByLabel('Directions').inputValue(), 'pca');
  assert.equal(await p.getByLabel('Grid').inputValue(), '21');
  assert.equal(await p.getByLabel('Follow training').isChecked(), false);
  await p.getByLabel('Directions').selectOption({ label: 'Random (filter-normalized)' });
  await p.getByLabel('Follow training').check();
  await page.waitForFunction(() => location.hash.includes('surface_live=1') || !location.hash.includes('surface_live'));
  assert.ok(!page.url().includes('surface=pca'), page.url());
  assert.ok(page.url().includes('surface_grid=21'), page.url());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('PCA needs a path first (a clear message), then shows the explained variance', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const p = panel(page);
  await p.getByLabel('Directions').selectOption({ label: 'Principal components of the path' });
  await p.getByRole('button', { name: 'Compute surface' }).click();
  await p.getByRole('alert').filter({ hasText: 'Principal components need a path' }).waitFor();
  // Following training, the surface appears by itself once there is a path.
  await page.getByRole('button', { name: 'Play' }).click();
  await status(page).filter({ hasText: /PC1 [\d.]+%, PC2 [\d.]+% share of the path's variance/ }).waitFor({ timeout: 30000 });
  assert.equal(await p.getByRole('alert').count(), 0, 'the message went away');
  const text = await status(page).textContent();
  const [, e1, e2] = /PC1 ([\d.]+)%, PC2 ([\d.]+)%/.exec(text).map(Number);
  assert.ok(e1 >= e2 && e1 + e2 <= 100.05 && e1 > 50, text);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Persian: the panel speaks Persian with Persian digits', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&lang=fa');
  const p = page.getByRole('region', { name: 'سطح خطا' });
  await p.getByRole('button', { name: 'محاسبهٔ سطح' }).click();
  await p.locator('.surface-status').filter({ hasText: /۴۱ × ۴۱/ }).waitFor({ timeout: 30000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a network with batch norm and dropout gets its surface too', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&hidden=4,3&bn=1&dropout=0.2&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 5, 30000);
  const p = panel(page);
  await p.getByRole('button', { name: 'Compute surface' }).click();
  await status(page).filter({ hasText: /41 × 41: grid computed in/ }).waitFor({ timeout: 30000 });
  assert.equal(await p.getByRole('alert').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
