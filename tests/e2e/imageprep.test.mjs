// Preparing images (issue 11) in real headless Chromium, driven by visible labels as a
// student would: darken the digits with uneven lighting, switch on histogram equalization and
// watch the before/after images change; then augmentation: its preview grid, a stronger
// rotation, another image; Persian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus, canvasData, canvasChanged } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));

test('uneven lighting, then histogram equalization: the images before and after, and training goes on', async () => {
  const page = await openApp(browser, server.url, 'dataset=digits&points=400&layers=c8k3,mp2,d16&act=relu&opt=adam&lr=0.01&batch=32&seed=1');
  await page.getByRole('heading', { name: 'Image preparation' }).waitFor();
  await page.getByText(/belong to the camera: they change training and test images alike/).waitFor();
  const samples = /^Training images before preparation/;
  await page.getByRole('img', { name: samples }).waitFor();
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const plain = await canvasData(page, samples);

  // Uneven lighting: the "before" images darken; the URL keeps it.
  const lighting = page.getByLabel('Uneven lighting');
  await lighting.fill('1');
  await lighting.press('Enter');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('lighting=1'));
  const dark = await canvasChanged(page, samples, plain);

  // Global equalization: the "after" images change; CLAHE brings its own two controls.
  assert.equal(await page.getByLabel('CLAHE tiles per side').isVisible(), false);
  await page.getByLabel('Histogram equalization').selectOption('global');
  assert.match(await hash(page), /equalize=global/);
  await canvasChanged(page, samples, dark);
  await page.getByLabel('Histogram equalization').selectOption('clahe');
  await page.getByLabel('CLAHE tiles per side').waitFor();
  await page.getByLabel('CLAHE clip limit').waitFor();
  // Every control says what it does.
  const help = await page.getByLabel('Histogram equalization').getAttribute('aria-describedby');
  assert.match(await page.locator(`#${help}`).textContent(), /scikit-image/);

  await page.getByRole('button', { name: 'Play' }).click();
  const s = await waitForStatus(page, (s) => s.epoch >= 3, 60000);
  await page.getByRole('button', { name: 'Pause' }).click();
  assert.ok(s.testAcc > 30, `trains on prepared images: ${s.testAcc}%`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('augmentation: the preview grid follows the controls, another image, never the test split; Persian', async () => {
  const page = await openApp(browser, server.url, 'dataset=digits&points=200&layers=d16&seed=2');
  await page.getByRole('heading', { name: 'Augmentation' }).waitFor();
  await page.getByText(/It never touches the test split/).waitFor();
  await page.getByText(/Augmentation is off/).waitFor();
  const preview = /^One training image \(first\) and 15 augmented versions of it/;
  await page.getByRole('img', { name: /image 1 \/ 100\)$/ }).waitFor();
  const same = await canvasData(page, preview);

  const rotation = page.getByLabel('Random rotation (degrees)');
  await rotation.fill('30');
  await rotation.press('Enter');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('aug_rotate=30'));
  const turned = await canvasChanged(page, preview, same);
  assert.equal(await page.getByText(/Augmentation is off/).count(), 0);

  await page.getByRole('button', { name: 'Another image' }).click();
  await page.getByRole('img', { name: /image 2 \/ 100\)$/ }).waitFor();
  await canvasChanged(page, preview, turned);

  // Training with augmentation on: epochs go by, accuracy is measured on the test split.
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 3, 60000);
  await page.getByRole('button', { name: 'Pause' }).click();

  await page.getByLabel('Language').selectOption('fa');
  await page.getByRole('heading', { name: 'افزایش داده' }).waitFor();
  await page.getByRole('button', { name: 'تصویری دیگر' }).waitFor();
  await page.getByLabel('چرخش تصادفی (درجه)').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});
