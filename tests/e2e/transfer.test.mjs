// Transfer learning (issue 13) in real headless Chromium, driven by visible labels as a
// student would: the lesson's target task with 50 images, the pretrained model fetched and
// loaded, the three runs on one chart (pretrained beats from scratch), a padlock opened,
// cancelling; saving the weights and loading them into another page; refusals in words;
// Persian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, openApp, waitForStatus, until } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));

/** "Test accuracy: From scratch 39.6% · Pretrained, frozen 54.6% · …" → [39.6, 54.6, …] */
function accuracies(text) {
  return [...text.matchAll(/([\d.]+)%/g)].map((m) => +m[1]);
}

test('the transfer lesson: three runs on one chart, the pretrained ones ahead; a padlock opened; cancel', async () => {
  const page = await openApp(browser, server.url, 'lesson=transfer');
  await page.getByRole('heading', { name: 'Transfer learning: a pretrained network on little data' }).waitFor();
  // The pretrained model is fetched and loaded: the run starts at epoch 0 without a message.
  await waitForStatus(page, (s) => s.epoch === 0, 30000);
  assert.equal(await page.getByRole('alert').count(), 0, await page.getByRole('alert').allTextContents().then(String));
  await page.getByText(/50 to train/).first().waitFor();
  // The padlocks: the two convolutions frozen, the dense layer not.
  const lock = (n) => page.getByRole('button', { name: `Layer ${n} frozen`, exact: true });
  assert.equal(await lock(1).getAttribute('aria-pressed'), 'true');
  assert.equal(await lock(3).getAttribute('aria-pressed'), 'true');
  assert.equal(await lock(5).getAttribute('aria-pressed'), 'false');
  await page.getByText('Pretrained model: CNN trained on shapes · trained on Shapes (generated images)').waitFor();

  await page.getByRole('button', { name: 'Train the three' }).click();
  await page.getByRole('progressbar').first().waitFor();
  const done = await until(page, async () => (await page.getByRole('progressbar').count()) === 0 && (await page.locator('.p-transfer .verdict').innerText()), (t) => t && accuracies(t).length === 3, 'the three runs', 120000);
  const [scratch, frozen, tuned] = accuracies(done);
  // Seeded: the native claim check has 39.6 %, 54.6 % and 52.6 % after 30 epochs.
  assert.ok(frozen > scratch + 8 && tuned > scratch + 8, done);
  assert.doesNotMatch(done, /cancelled/);
  console.log(done);

  // Open the second padlock: the link says so, and the next comparison freezes one layer.
  await lock(3).click();
  await until(page, () => hash(page), (h) => /freeze=1,0,0/.test(h), 'freeze=1,0,0');
  assert.equal(await lock(3).getAttribute('aria-pressed'), 'false');
  // Cancel a comparison under way: the runs so far stay, marked cancelled.
  await page.getByRole('button', { name: 'Train the three' }).click();
  await page.getByRole('button', { name: /^Cancel/ }).first().click();
  await until(page, () => page.locator('.p-transfer .verdict').innerText().catch(() => ''), (t) => /cancelled/.test(t), 'cancelled');
  assert.equal(await page.getByRole('progressbar').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('save the weights, load them into another page with their settings; a bad file is refused in words', async () => {
  const page = await openApp(browser, server.url, 'dataset=shapes_new&image_size=8&points=300&train_n=50&pretrained=shapes&seed=4');
  await waitForStatus(page, (s) => s.epoch === 0, 30000);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const trained = await waitForStatus(page, (s) => s.epoch === 1, 30000);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save weights' }).click()]);
  assert.equal(download.suggestedFilename(), 'descent-weights.safetensors');
  const file = path.join(os.tmpdir(), `descent-${process.pid}.safetensors`);
  await download.saveAs(file);
  assert.ok(fs.statSync(file).size > 10000);

  // Another page, other settings: the file brings its own, and its weights (epoch 0 of the
  // loaded run has the saved run's test loss).
  const other = await openApp(browser, server.url, 'dataset=circle');
  await waitForStatus(other, (s) => s.epoch === 0);
  await other.getByLabel('Load weights…').setInputFiles(file);
  await other.getByText('Weights loaded: the run starts from them.').waitFor();
  await until(other, () => hash(other), (h) => /dataset=shapes_new/.test(h) && /pretrained=shapes/.test(h), 'the file\'s settings');
  const loaded = await waitForStatus(other, (s) => s.epoch === 0 && Math.abs(s.testLoss - trained.testLoss) < 0.002, 30000);
  assert.ok(loaded);

  // A file that is not weights: a message, and the run goes on.
  fs.writeFileSync(file, 'not weights');
  await other.getByLabel('Load weights…').setInputFiles(file);
  await other.getByRole('alert').filter({ hasText: 'This is not a weights file' }).waitFor();
  await other.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(other, (s) => s.epoch >= 2, 30000);
  fs.unlinkSync(file);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(other.errors, []);
  await page.close();
  await other.close();
});

test('other layers than the model\'s are refused in words; Persian', async () => {
  const page = await openApp(browser, server.url, 'dataset=shapes_new&image_size=16&pretrained=shapes');
  await page.getByRole('alert').filter({ hasText: "The layers must be the pretrained model's" }).waitFor({ timeout: 30000 });
  // Choosing no pretrained model: the run trains.
  await page.getByLabel('Pretrained model', { exact: true }).selectOption('none');
  await waitForStatus(page, (s) => s.epoch === 0, 30000);
  await page.close();

  const fa = await openApp(browser, server.url, 'lesson=transfer&lang=fa');
  await fa.getByRole('heading', { name: 'انتقال: سه اجرا' }).waitFor();
  await fa.getByRole('button', { name: 'آموزش هر سه' }).waitFor();
  await fa.getByRole('button', { name: 'لایه ۱ منجمد', exact: true }).waitFor();
  assert.deepEqual(fa.errors, []);
  await fa.close();
});
