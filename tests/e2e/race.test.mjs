// The optimizer race (issue 4, function mode) in real headless Chromium, driven by visible labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, canvasData, until, canvasChanged } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const FIELD = /Contours and paths/;
const SURFACE = /Surface in 3-D/;
const LOSS = /Loss by step/;
// The first three racer colours (Okabe & Ito: vermillion, sky blue, reddish purple).
const COLOURS = [[0xd5, 0x5e, 0x00], [0x56, 0xb4, 0xe9], [0xcc, 0x79, 0xa7]];

/** How many pixels of each colour (within a small tolerance) a canvas holds. */
function colourCounts(page, name) {
  return page.getByRole('img', { name }).evaluate((c, colours) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const counts = colours.map(() => 0);
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] < 200) continue;
      colours.forEach(([r, g, b], k) => {
        if (Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12 && Math.abs(d[i + 2] - b) < 12) counts[k]++;
      });
    }
    return counts;
  }, COLOURS);
}

const shownStep = (page) => page.getByRole('slider', { name: 'Shown step' }).inputValue().then(Number);
const legend = (page) => page.getByRole('list', { name: 'Legend' }).getByRole('listitem');

async function waitForStep(page, step, timeout = 30000) {
  const start = Date.now();
  while (Date.now() - start < timeout) {
    if ((await shownStep(page)) >= step) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the animation never reached step ${step}; at ${await shownStep(page)}`);
}

test('race SGD, momentum and Adam on Rosenbrock from a clicked start; the link restores the race', async () => {
  const page = await openApp(browser, server.url, 'func=rosenbrock&race=sgd:0.001,momentum:0.001,adam:0.05&race_len=200');
  await page.getByRole('heading', { name: 'Optimizer race' }).waitFor();
  assert.equal(await page.getByLabel('Test function').inputValue(), 'rosenbrock');
  // The paths arrive from the worker; the animation waits at step 0 for Race.
  await page.getByRole('button', { name: 'Race', exact: true }).waitFor();
  await assert.doesNotReject(page.waitForFunction(() => !document.querySelector('.race-transport button.primary').disabled, null, { timeout: 20000 }));
  assert.equal(await shownStep(page), 0);

  // Click on the contour map, a quarter in from its left and a third down: the start moves there.
  const field = page.getByRole('img', { name: FIELD });
  const box = await field.boundingBox();
  await field.click({ position: { x: box.width * 0.3, y: box.height * 0.3 } });
  await page.waitForFunction(() => /func_start=/.test(location.hash));
  const x = Number(await page.getByLabel('Start x').inputValue());
  const y = Number(await page.getByLabel('Start y').inputValue());
  // Rosenbrock's window is x ∈ [−2, 2], y ∈ [−1, 3] (plus half a cell): upper left quarter.
  assert.ok(x > -2 && x < 0, `start x ${x}`);
  assert.ok(y > 1 && y < 3, `start y ${y}`);
  assert.match(await page.evaluate(() => location.hash), new RegExp(`func_start=${x},${y}`));

  // A new start races at once; speed it up and let it finish.
  await page.getByLabel('Speed (steps a second)').selectOption('400');
  await waitForStep(page, 200);
  const entries = legend(page);
  assert.equal(await entries.count(), 3);
  const texts = await entries.allTextContents();
  assert.match(texts[0], /^SGD · learning rate 0.001/);
  assert.match(texts[1], /^SGD \+ momentum · learning rate 0.001/);
  assert.match(texts[2], /^Adam · learning rate 0.05/);
  for (const t of texts) assert.match(t, /loss [\d.]+(e-?\d+)? · step 200/);
  // Three paths in their colours over the map, and three curves on the loss chart.
  const onMap = await colourCounts(page, FIELD);
  assert.ok(onMap.every((n) => n > 20), `path pixels on the map: ${onMap}`);
  const onLoss = await colourCounts(page, LOSS);
  assert.ok(onLoss.every((n) => n > 20), `loss curve pixels: ${onLoss}`);
  const surfaceBefore = await canvasData(page, SURFACE);
  assert.ok(surfaceBefore.length > 5000, '3-D view drawn');

  // The link keeps the race; a reload restores it.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /func=rosenbrock/);
  assert.match(hash, /race=sgd:0\.001,momentum:0\.001,adam:0\.05/);
  assert.match(hash, /race_len=200/);
  await page.reload();
  await page.getByRole('heading', { name: 'Optimizer race' }).waitFor();
  assert.equal(Number(await page.getByLabel('Start x').inputValue()), x);
  assert.equal(Number(await page.getByLabel('Start y').inputValue()), y);
  assert.equal(await legend(page).count(), 3);
  assert.equal(await page.getByLabel('Racer 3: algorithm').inputValue(), 'adam');
  assert.equal(await page.getByLabel('Racer 3: learning rate').inputValue(), '0.05');
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await waitForStep(page, 60);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a diverging racer is reported in the legend and the others finish', async () => {
  const page = await openApp(browser, server.url, 'func=rosenbrock&race=sgd:0.5,adam:0.05&race_len=120');
  await page.waitForFunction(() => !document.querySelector('.race-transport button.primary').disabled, null, { timeout: 20000 });
  await page.getByLabel('Speed (steps a second)').selectOption('400');
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'diverged at step' });
  await alert.waitFor({ timeout: 20000 });
  assert.match(await alert.textContent(), /try a smaller learning rate/);
  await waitForStep(page, 120);
  const texts = await legend(page).allTextContents();
  assert.match(texts[0], /diverged at step \d+/);
  assert.match(texts[1], /^Adam · learning rate 0.05.*loss [\d.]+(e-?\d+)? · step 120/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('racers are added, edited and removed; keys move the start and rotate the 3-D view; the gradient shows', async () => {
  const page = await openApp(browser, server.url, 'func=bowl&func_k=20&race=sgd:0.05&race_len=50');
  await page.waitForFunction(() => !document.querySelector('.race-transport button.primary').disabled, null, { timeout: 20000 });
  assert.equal(await page.getByLabel('Condition number K').inputValue(), '20');
  await page.getByRole('button', { name: 'Add a racer' }).click();
  await page.getByLabel('Racer 2: algorithm').selectOption('nesterov');
  await page.getByLabel('Racer 2: learning rate').fill('0.02');
  await page.getByLabel('Racer 2: learning rate').press('Tab');
  await page.getByLabel('Racer 2: momentum').fill('0.5');
  await page.getByLabel('Racer 2: momentum').press('Tab');
  await page.waitForFunction(() => /race=sgd:0\.05,nesterov:0\.02:0\.5(&|$)/.test(location.hash), null, { timeout: 5000 });
  // A rate out of range is refused and the field shows the racer's rate again.
  await page.getByLabel('Racer 2: learning rate').fill('50');
  await page.getByLabel('Racer 2: learning rate').press('Tab');
  assert.equal(await page.getByLabel('Racer 2: learning rate').inputValue(), '0.02');
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Add a racer' }).click();
  assert.equal(await page.getByLabel(/^Racer \d: algorithm$/).count(), 6);
  assert.ok(await page.getByRole('button', { name: 'Add a racer' }).isDisabled(), 'at most six');
  await page.getByRole('button', { name: 'Remove racer 6' }).click();
  await page.getByRole('button', { name: 'Remove racer 5' }).click();
  assert.equal(await page.getByLabel(/^Racer \d: algorithm$/).count(), 4);

  // Keyboard: arrows on the focused map move the start.
  const startX = Number(await page.getByLabel('Start x').inputValue());
  await page.getByRole('img', { name: FIELD }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.ok(Number(await page.getByLabel('Start x').inputValue()) > startX, 'the start moved right');
  // Arrows and dragging rotate the 3-D view.
  const surface = page.getByRole('img', { name: SURFACE });
  const before3d = await canvasData(page, SURFACE);
  await surface.focus();
  await page.keyboard.press('ArrowLeft');
  const afterKey = await canvasChanged(page, SURFACE, before3d); // arrow keys rotate
  const b = await surface.boundingBox();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + 60, b.y + b.height / 2 + 10, { steps: 5 });
  await page.mouse.up();
  await canvasChanged(page, SURFACE, afterKey); // dragging rotates

  // The gradient arrows appear on the map.
  await waitForStep(page, 0);
  await page.getByRole('button', { name: 'Race', exact: true }).click();
  await page.getByRole('button', { name: 'Hold' }).click();
  const noArrows = await canvasData(page, FIELD);
  await page.getByLabel('Show gradient').check();
  await canvasChanged(page, FIELD, noArrows); // gradient arrows drawn
  await page.getByRole('button', { name: 'Rewind' }).click();
  await until(page, () => shownStep(page), (s) => s === 0, 'the shown step to go back to 0');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a bad race in the link gives a notice and the default race', async () => {
  const page = await openApp(browser, server.url, 'race=sgd:banana&func=nope&func_start=1');
  const notice = page.getByRole('alert').first();
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /race=sgd:banana/);
  assert.match(text, /func=nope/);
  assert.match(text, /func_start=1/);
  assert.equal(await page.getByLabel('Test function').inputValue(), 'rosenbrock');
  assert.equal(await page.getByLabel(/^Racer \d: algorithm$/).count(), 3);
  assert.match(await page.evaluate(() => location.hash), /race=sgd:0\.001,momentum:0\.001,adam:0\.05/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
