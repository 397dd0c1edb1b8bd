// Images and convolutional networks (issue 10) in real headless Chromium, driven by visible
// labels as a student would: handwritten digits with a fully connected network, then a small
// CNN built in the layer editor; the gallery of predictions, the confusion matrix, a click on
// a digit for its feature maps; run B as the wrong model side by side; Persian; a convolution
// on points refused in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus, canvasData } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));

/** Trains until the status line reaches `epochs`, pauses, returns the status. */
async function trainTo(page, epochs, timeout = 60000) {
  await page.getByRole('button', { name: 'Play' }).click();
  const s = await waitForStatus(page, (s) => s.epoch >= epochs, timeout);
  await page.getByRole('button', { name: 'Pause' }).click();
  return s;
}

test('digits: an MLP, then a small CNN from the layer editor; gallery, confusion matrix and a digit\'s feature maps', async () => {
  const page = await openApp(browser, server.url, 'dataset=digits&points=1797&layers=d16&act=relu&opt=adam&lr=0.01&batch=32&seed=1');
  const gallery = page.getByRole('img', { name: /^Test images and predictions/ });
  await gallery.waitFor();
  // The summary says what the data is, in words.
  await page.getByText(/images of 8×8 · 899 to train · 898 to test/).first().waitFor();
  // No plane panels for images.
  assert.equal(await page.getByRole('img', { name: /^Decision boundary/ }).count(), 0);
  const mlp = await trainTo(page, 5);
  assert.ok(mlp.testAcc > 70, `MLP after 5 epochs: ${mlp.testAcc}%`);

  // Build a CNN: a convolution and a pooling layer go before the dense layer.
  await page.getByRole('button', { name: 'Add a convolution layer' }).click();
  await page.getByRole('button', { name: 'Add a pooling layer' }).click();
  assert.match(await hash(page), /layers=c8k3,mp2,d16/);
  // Each layer shows its output shape and parameters; the total is below.
  await page.getByText('→ 8×8×8 · 80 parameters').waitFor();
  await page.getByText('→ 8×4×4 · 0 parameters').waitFor();
  await page.getByText('Parameters in all: 2314').waitFor();
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const cnn = await trainTo(page, 5);
  assert.ok(cnn.testAcc > 90, `CNN after 5 epochs: ${cnn.testAcc}%`);

  // The confusion matrix and the per-class accuracy, described for screen readers.
  const confusion = page.getByRole('img', { name: /^Confusion matrix/ });
  assert.match(await confusion.getAttribute('aria-label'), /accuracy per class: 0 \d+%, 1 \d+%/);

  // Click the first test image: its feature maps appear, layer by layer.
  const maps = page.getByRole('img', { name: /^Filters and feature maps/ });
  const before = await canvasData(page, /^Filters and feature maps/);
  const box = await gallery.boundingBox();
  await page.mouse.click(box.x + box.width * 0.06, box.y + box.width * 0.06);
  await page.getByText(/Filters and feature maps · image 1/).waitFor();
  await page.waitForFunction(() => {
    const c = [...document.querySelectorAll('canvas')].find((c) => (c.getAttribute('aria-label') || '').startsWith('Filters and feature maps'));
    return c && c.height >= 4 * 48;
  }, null, { timeout: 10000 });
  assert.notEqual(await canvasData(page, /^Filters and feature maps/), before);
  // Keyboard: the arrow keys move the choice.
  await gallery.focus();
  await page.keyboard.press('ArrowRight');
  await page.getByText(/Filters and feature maps · image 2/).waitFor();
  assert.ok((await maps.getAttribute('aria-label')).includes('image 2'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the wrong model side by side: an MLP (A) and a CNN (B) on shifted shapes', async () => {
  const page = await openApp(browser, server.url,
    'dataset=shapes&image_size=16&points=600&noise=10&layers=d10&act=relu&opt=adam&lr=0.01&batch=32&seed=1&compare=1&b.layers=c8k3,mp2,c16k3,mp2');
  await page.getByRole('img', { name: /^Run B: Test images and predictions/ }).waitFor();
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 12, 90000);
  await page.getByRole('button', { name: 'Pause' }).click();
  const lines = await page.getByRole('status').allTextContents();
  const acc = (t) => +/test accuracy ([\d.]+)%/.exec(t)[1];
  const a = acc(lines.find((t) => !t.startsWith('Run B')));
  const b = acc(lines.find((t) => t.startsWith('Run B')));
  assert.ok(b > a, `CNN (B) ${b}% should beat the MLP (A) ${a}%`);
  // Shapes are named by class in the gallery's description.
  assert.match(await page.getByRole('img', { name: /^Confusion matrix/ }).first().getAttribute('aria-label'), /circle \d+%/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('images in Persian: the panel, the editor and the summary speak Persian with Persian digits', async () => {
  const page = await openApp(browser, server.url, 'dataset=digits&layers=c4k3,mp2,d8&lang=fa');
  await page.getByRole('img', { name: /^تصویرهای آزمون و پیش‌بینی‌ها/ }).waitFor();
  await page.getByRole('button', { name: 'افزودن لایهٔ کانولوشن' }).waitFor();
  await page.getByRole('button', { name: 'یک دوره' }).click();
  await page.getByRole('status').filter({ hasText: 'دوره ۱' }).waitFor({ timeout: 30000 });
  const summary = await page.locator('.image-summary').first().textContent();
  assert.match(summary, /تصویرهای ۸×۸/);
  assert.doesNotMatch(summary, /[0-9]/, 'Persian digits only');
  assert.match(await page.getByText(/کل پارامترها/).textContent(), /[۰-۹]/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a convolution on points is refused in words, and the page keeps working', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&layers=c4k3,d4');
  await page.getByText('Layer 1 needs images or sequences: convolution and pooling work on images (2-D) and sequences (1-D), before any dense layer.').first().waitFor();
  await page.getByText(/The training engine failed: Layer 1 needs images/).waitFor({ timeout: 20000 });
  // Remove the convolution: the network trains again.
  await page.getByRole('button', { name: 'Remove layer 1' }).click();
  assert.match(await hash(page), /layers=d4(&|$)/);
  await trainTo(page, 3, 30000);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a CNN\'s loss surface is computed over a stated subset of the training images', async () => {
  const page = await openApp(browser, server.url, 'dataset=digits&points=1797&layers=c4k3,mp2,d8&act=relu&opt=adam&lr=0.01&batch=32&seed=1&surface_grid=11&surface_live=0');
  await trainTo(page, 2);
  const panel = page.getByRole('region', { name: 'Loss surface' });
  await panel.getByRole('button', { name: 'Compute surface' }).click();
  await panel.locator('.surface-status').filter({ hasText: /loss over 256 of 899 training examples/ }).waitFor({ timeout: 60000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});
