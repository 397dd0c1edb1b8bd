// Sequences and recurrent networks (issue 12) in real headless Chromium, driven by visible
// labels as a student would: forecast a noisy sum of sines with a fully connected network,
// then a GRU from the layer editor; MNIST-1D with a ready-made GRU and its confusion matrix;
// the adding problem's gradient per time step for a plain RNN against a GRU; Persian; a
// recurrent layer on points refused in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus, until } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));

async function trainTo(page, epochs, timeout = 90000) {
  await page.getByRole('button', { name: 'Play' }).click();
  const s = await waitForStatus(page, (s) => s.epoch >= epochs, timeout);
  await page.getByRole('button', { name: 'Pause' }).click();
  return s;
}

async function stepTo(page, epochs) {
  for (let e = 1; e <= epochs; e++) {
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForStatus(page, (s) => s.epoch === e, 60000);
  }
}

/** "first step ÷ last step: 2.0e-3" → 0.002 */
async function gradRatio(page) {
  const text = await until(page, () => page.locator('.grads-line').first().innerText(), (t) => /÷/.test(t), 'the gradient line', 30000);
  return +/:\s*([\d.e+-]+)/.exec(text)[1];
}

test('sines: an MLP forecast, then a GRU from the layer editor; the series, the hidden states, the gradient per step', async () => {
  const page = await openApp(browser, server.url, 'dataset=sines&points=400&noise=5&layers=d16&opt=adam&lr=0.01&batch=16&seed=1');
  await page.getByText(/sequences of 20 steps · 200 to train · 200 to test/).first().waitFor();
  // Points' panels are gone; the sequence panel is there.
  assert.equal(await page.getByRole('img', { name: /^Decision boundary/ }).count(), 0);
  await page.getByRole('img', { name: /^Sequences/ }).waitFor();
  const mlp = await trainTo(page, 20);
  await page.getByRole('img', { name: /^The series and the forecast/ }).waitFor();
  // Without a recurrent or convolution layer there is no state over time, and the gradient
  // is taken at the input.
  await page.getByText(/has no recurrent or convolution layer/).waitFor();

  // Replace the dense layer with a GRU: the recurrent button puts it before the dense layers.
  await page.getByRole('button', { name: 'Remove layer 1' }).click();
  await page.getByRole('button', { name: /Add a recurrent layer/ }).click();
  assert.match(await hash(page), /layers=gru16/);
  // 3 gates × 16 units × (1 input + 16 + 1 bias) + 16 = 880 weights.
  await page.getByText('→ 16 · 880 parameters').waitFor();
  await page.getByLabel('Layer 1 cell', { exact: true }).waitFor();
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const gru = await trainTo(page, 20);
  assert.ok(gru.testLoss < 0.03, `GRU test loss after 20 epochs: ${gru.testLoss} (MLP ${mlp.testLoss})`);
  // The unrolled network: one row per unit, and a choice of test sequence.
  const states = page.getByRole('img', { name: /^Inside the network over time/ });
  assert.match(await states.getAttribute('aria-label'), /test sequence 1 \/ 200/);
  await page.getByRole('button', { name: 'Next test sequence' }).click();
  await until(page, () => states.getAttribute('aria-label'), (l) => /test sequence 2 \/ 200/.test(l), 'the next sequence');
  assert.ok((await gradRatio(page)) > 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('MNIST-1D: a ready-made GRU against the MLP, with the confusion matrix', async () => {
  const page = await openApp(browser, server.url, 'lesson=sequences&points=1000&seed=1');
  await page.getByText(/sequences of 40 steps · 800 to train · 200 to test/).first().waitFor();
  const mlp = await trainTo(page, 10);
  const confusion = page.getByRole('img', { name: /^Confusion matrix/ });
  await confusion.waitFor();
  const preset = page.getByLabel('Ready-made model');
  await until(page, () => preset.locator('option').allInnerTexts(), (o) => o.some((t) => t.startsWith('GRU 16')), 'sequence presets');
  await preset.selectOption('gru16');
  assert.match(await hash(page), /layers=gru16/);
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const gru = await trainTo(page, 10);
  // Natively (seed 1): MLP 29.5 %, GRU 41.0 % after 10 epochs.
  assert.ok(gru.testAcc > mlp.testAcc + 5, `GRU ${gru.testAcc}% vs MLP ${mlp.testAcc}% after 10 epochs`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the adding problem: the gradient reaching the first step vanishes in a plain RNN, not in a GRU', async () => {
  const page = await openApp(browser, server.url, 'dataset=adding&points=300&seq_len=50&layers=rnn16&opt=adam&lr=0.003&batch=32&seed=1&clip=1');
  await page.getByText(/sequences of 50×2 steps/).first().waitFor();
  // Exactly fifteen epochs each (Step), so the two ratios are seeded figures, not timing.
  await stepTo(page, 15);
  const rnn = await gradRatio(page);
  await page.getByLabel('Layer 1 cell', { exact: true }).selectOption('gru');
  assert.match(await hash(page), /layers=gru16/);
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await stepTo(page, 15);
  const gru = await until(page, () => gradRatio(page), (r) => r !== rnn, 'the GRU\'s gradient line', 30000);
  console.log(`first/last gradient after 15 epochs: RNN ${rnn}, GRU ${gru}`);
  assert.ok(rnn < 0.05 && gru > 10 * rnn, `first/last gradient: RNN ${rnn}, GRU ${gru}`);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Persian sequence panel, and a recurrent layer on points refused in words', async () => {
  const page = await openApp(browser, server.url, 'dataset=season&points=300&layers=lstm8&lang=fa&seed=1');
  await page.getByRole('img', { name: /درون شبکه در طول زمان/ }).waitFor();
  await page.getByText(/دنباله با/).first().waitFor();
  await page.close();
  const p2 = await openApp(browser, server.url, 'dataset=circle&layers=gru4');
  await p2.getByText(/Layer 1 needs a sequence/).first().waitFor();
  await p2.close();
});

test('a long epoch shows how far it has come, batch by batch', async () => {
  // An LSTM on adding problems of 100 steps: an epoch takes seconds in the worker.
  const page = await openApp(browser, server.url, 'dataset=adding&points=2000&seq_len=100&layers=lstm32&batch=16&opt=adam&lr=0.01&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 30000);
  await page.getByRole('button', { name: 'Play' }).click();
  const first = await until(page, () => page.locator('.status-within').innerText().catch(() => ''), (t) => /^next epoch: batch \d+ \/ \d+$/.test(t), 'the batch progress', 30000);
  const done = +/batch (\d+)/.exec(first)[1];
  await until(page, () => page.locator('.status-within').innerText().catch(() => ''), (t) => /batch (\d+)/.test(t) && +/batch (\d+)/.exec(t)[1] > done, 'more batches', 30000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Paused: the line goes.
  await until(page, () => page.locator('.status-within').count(), (n) => n === 0, 'no progress while paused', 30000);
  assert.deepEqual(page.errors, []);
  await page.close();
});
