// The page in real headless Chromium, driven as a student would: by visible labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus, canvasData, parseStatus, canvasChanged } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('press Play on the circle: test accuracy reaches 90 % and the loss curve draws', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const lossBefore = await canvasData(page, /Loss over epochs/);
  await page.getByRole('button', { name: 'Play' }).click();
  const s = await waitForStatus(page, (s) => s.testAcc >= 90, 60000);
  assert.ok(s.epoch > 0);
  await page.getByRole('button', { name: 'Pause' }).click();
  await canvasChanged(page, /Loss over epochs/, lossBefore);
  // The loss curve has dark (train) pixels inside its plot area.
  const ink = await page.getByRole('img', { name: /Loss over epochs/ }).evaluate((c) => {
    const d = c.getContext('2d').getImageData(45, 10, c.width - 60, c.height - 50).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) n++;
    return n;
  });
  assert.ok(ink > 50, `train curve pixels: ${ink}`);
  // The hash holds the whole state.
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /dataset=circle/);
  assert.match(hash, /seed=1/);
  assert.match(hash, /layers=d4,d2/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('Speed: at 3 epochs a second training goes slowly enough to watch, then fastest again', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await page.getByLabel('Training speed').selectOption({ label: '3 epochs/s' });
  assert.match(await page.evaluate(() => location.hash), /speed=3/);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 3, 10000);
  const t0 = Date.now();
  const e0 = (await waitForStatus(page, () => true)).epoch;
  await page.waitForTimeout(2000);
  const e1 = (await waitForStatus(page, () => true)).epoch;
  const rate = ((e1 - e0) * 1000) / (Date.now() - t0);
  assert.ok(rate > 1.5 && rate < 4.5, `about 3 epochs a second: ${rate.toFixed(2)} (${e0} → ${e1})`);
  // Fastest: hundreds of epochs a second on this network.
  await page.getByLabel('Training speed').selectOption({ label: 'fastest' });
  await waitForStatus(page, (s) => s.epoch >= e1 + 100, 10000);
  // The Persian page offers the same control.
  await page.getByLabel('Language').selectOption('fa');
  await page.getByLabel('سرعت آموزش').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a worker that dies without a panic (as on out of memory): the page says so in words and starts a new one', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&layers=d6&seed=3');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 20, 20000);
  // The tests' hook: the worker aborts, as an allocation failure does (no panic hook runs).
  await page.evaluate(() => window.wasmBindings.descent_abort_worker());
  // Its next event (the watchdog's ping, at most 2.5 s later) finds it broken.
  const alert = page.getByRole('alert').filter({ hasText: 'it stopped in the middle of its work' });
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /The training engine failed: it stopped in the middle of its work \(most likely it ran out of memory[\s\S]*started again with your settings/);
  // The new worker rebuilt the same run, and it trains.
  await waitForStatus(page, (s) => s.epoch === 0, 10000);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 5, 20000);
  await alert.waitFor({ state: 'detached', timeout: 5000 });
  const others = page.errors.filter((e) => !/RuntimeError: unreachable|abort|already borrowed/i.test(e));
  assert.deepEqual(others, []);
  await page.close();
});

test('a worker that hangs: after 15 s without an answer the page says so and starts a new one', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&layers=d6&seed=3');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await page.evaluate(() => window.wasmBindings.descent_hang_worker());
  const alert = page.getByRole('alert').filter({ hasText: 'it stopped in the middle of its work' });
  await alert.waitFor({ timeout: 25000 });
  await waitForStatus(page, (s) => s.epoch === 0, 10000);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 5, 20000);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a strict Content-Security-Policy: the page, its worker and training run under it; an injected script does not', async () => {
  const page = await openApp(browser, server.url, 'dataset=spiral&layers=d8,d8');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.match(scriptSrc, /^script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'$/);
  assert.match(csp, /style-src 'self';/);
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 10, 20000);
  // Script text put into the page does not run.
  const ran = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.head.appendChild(s);
    await new Promise((r) => setTimeout(r, 100));
    return window.__injected === true;
  });
  assert.equal(ran, false);
  const blocked = /CSP violation: script-src-elem|Executing inline script violates the following Content Security Policy/;
  assert.deepEqual(page.errors.filter((e) => !blocked.test(e)), []);
  assert.ok(page.errors.length >= 1, 'the injected script was reported');
  await page.close();
});

test('a crashed worker: the page says so, starts a new one with the same settings, and trains on', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&layers=d6&seed=3');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 20, 20000);
  // The tests' hook: the worker panics.
  await page.evaluate(() => window.wasmBindings.descent_crash_worker());
  const alert = page.getByRole('alert').filter({ hasText: 'started again with your settings' });
  await alert.waitFor({ timeout: 10000 });
  assert.match(await alert.textContent(), /The training engine failed: [\s\S]*crash/);
  // The new worker rebuilt the same run (epoch 0) and the Play button is back.
  await waitForStatus(page, (s) => s.epoch === 0, 10000);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 5, 20000);
  await alert.waitFor({ state: 'detached', timeout: 5000 });
  assert.match(await page.evaluate(() => location.hash), /layers=d6/);
  // The only errors are the old worker's dying ones (its panic, then its broken instance).
  const others = page.errors.filter((e) => !/asked the worker to crash|RuntimeError: unreachable|RefCell already borrowed/.test(e));
  assert.deepEqual(others, []);
  await page.close();
});

test('a bad hash shows a notice, falls back to defaults, and still trains', async () => {
  const page = await openApp(browser, server.url, 'lr=banana&hidden=300');
  const notice = page.getByRole('alert').filter({ hasText: 'not valid' });
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /lr=banana/);
  assert.match(text, /layers=d300/);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 5, 30000);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /lr=0\.03/);
  assert.match(hash, /layers=d4,d2/);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'not valid' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('lang=fa gives right-to-left Persian', async () => {
  const page = await openApp(browser, server.url, 'lang=fa');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await page.locator('.app').getAttribute('dir'), 'rtl');
  await page.getByRole('slider', { name: 'نرخ یادگیری' }).waitFor();
  await page.getByLabel('مجموعه‌داده').waitFor();
  await page.getByRole('button', { name: 'یک دوره' }).click();
  await page.getByRole('status').filter({ hasText: 'دوره ۱' }).waitFor({ timeout: 20000 });
  const status = await page.getByRole('status').textContent();
  assert.match(status, /دقت آزمون [۰-۹]+٫[۰-۹]٪/);
  assert.doesNotMatch(status, /[0-9]/, 'Persian digits only');
  // And back to English from the page's own switch.
  await page.getByLabel('زبان').selectOption('en');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
  await page.getByRole('button', { name: 'Play' }).waitFor();
  assert.match(await page.evaluate(() => location.hash), /lang=en/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('controls write the hash, and a shared link restores them', async () => {
  const page = await openApp(browser, server.url, '');
  await page.getByLabel('Dataset').selectOption('xor');
  await page.getByLabel('Activation', { exact: true }).selectOption('relu');
  await page.getByRole('button', { name: 'Add a hidden layer' }).click();
  await page.getByRole('button', { name: 'Remove a neuron from layer 1' }).click();
  await page.getByLabel('Show test data').check();
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /dataset=xor/);
  assert.match(hash, /act=relu/);
  assert.match(hash, /layers=d3,d2,d2/);
  assert.match(hash, /show_test=1/);
  const other = await openApp(browser, server.url, hash.slice(1));
  assert.equal(await other.getByLabel('Dataset').inputValue(), 'xor');
  assert.equal(await other.getByLabel('Activation', { exact: true }).inputValue(), 'relu');
  assert.ok(await other.getByLabel('Show test data').isChecked());
  await other.getByText('3 neurons').waitFor();
  // Typing a new hash into the address bar applies it.
  await other.evaluate(() => { location.hash = 'dataset=spiral&noise=20'; });
  await other.waitForFunction(() => document.querySelector('#ctl-dataset').value === 'spiral');
  assert.equal(await other.getByLabel('Noise').inputValue(), '20');
  assert.deepEqual([...page.errors, ...other.errors], []);
  await page.close();
  await other.close();
});

test('the learning rate changes mid-run without a reset; Step and Reset work', async () => {
  const page = await openApp(browser, server.url, 'dataset=gauss');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitForStatus(page, (s) => s.epoch === 1, 20000);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitForStatus(page, (s) => s.epoch === 2, 20000);
  await page.getByRole('slider', { name: 'Learning rate' }).fill('9'); // the 10th stop: 0.3
  assert.match(await page.evaluate(() => location.hash), /lr=0\.3/);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await waitForStatus(page, (s) => s.epoch === 3, 20000);
  await page.getByRole('button', { name: 'Reset' }).click();
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a diverging run says so and pauses; the page keeps working', async () => {
  const page = await openApp(browser, server.url, 'dataset=spiral&act=linear&hidden=8,8,8,8&lr=10&batch=1');
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('alert').filter({ hasText: 'diverged' }).waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Play' }).waitFor();
  await page.getByRole('slider', { name: 'Learning rate' }).fill('5'); // 0.003
  await page.getByRole('button', { name: 'Reset' }).click();
  await waitForStatus(page, (s) => s.epoch === 0 && Number.isFinite(s.trainLoss), 20000);
  assert.equal(await page.getByRole('alert').filter({ hasText: 'diverged' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('keyboard only: Tab to Play, press Space, training starts', async () => {
  const page = await openApp(browser, server.url, '');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Play');
  }
  assert.ok(found, 'Play is reachable with Tab');
  await page.keyboard.press('Space');
  await waitForStatus(page, (s) => s.epoch >= 3, 20000);
  await page.close();
});

for (const [name, viewport] of [['a 360 px phone', { width: 360, height: 740 }], ['an 800×600 iframe', { width: 800, height: 600 }]]) {
  test(`layout fits ${name} without sideways scrolling`, async () => {
    const page = await openApp(browser, server.url, 'hidden=8,8,8', viewport);
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
    assert.ok(scroll <= inner, `page is ${scroll}px wide in a ${inner}px viewport`);
    await page.getByRole('button', { name: 'Play' }).click();
    await waitForStatus(page, (s) => s.epoch >= 1, 20000);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test('inside an iframe on another page', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setContent(`<iframe title="Descent" src="${server.url}#dataset=xor" width="800" height="600"></iframe>`);
  const frame = page.frameLocator('iframe[title="Descent"]');
  await frame.getByRole('button', { name: 'Play' }).click();
  await frame.getByRole('status').filter({ hasText: /epoch [1-9]/ }).waitFor({ timeout: 20000 });
  assert.ok(parseStatus(await frame.getByRole('status').textContent()).epoch >= 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a worker that cannot load is reported on the page, the points are drawn without it, and the controls still work', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/worker_bg.wasm', (route) => route.abort());
  const models = [];
  page.on('request', (r) => { if (/\/models\//.test(r.url())) models.push(r.url()); });
  await page.goto(server.url + '#dataset=xor');
  // The first frame needs no worker: the points, prepared on the page from the settings, are
  // drawn, and the data report tells how they were scaled.
  await page.getByText(/fitted on 250 training points/).first().waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => performance.getEntriesByName('descent:first-view').length), 1);
  await page.getByRole('alert').filter({ hasText: 'The training engine failed' }).waitFor({ timeout: 30000 });
  // Points fetch no pretrained model.
  assert.deepEqual(models, []);
  await page.getByLabel('Dataset').selectOption('spiral');
  assert.match(await page.evaluate(() => location.hash), /dataset=spiral/);
  // The only error is the failed download we caused.
  assert.deepEqual(errors.filter((e) => !/Failed to fetch/.test(e)), []);
  await page.close();
});

test('Adadelta and hinge loss on a three-class spiral; the rate changes while it trains', async () => {
  const page = await openApp(browser, server.url, 'dataset=spiral3&hidden=8,8');
  await page.getByLabel('Optimizer').selectOption('adadelta');
  await page.getByLabel('Loss function').selectOption('hinge');
  // Only Adadelta's hyperparameters are shown, at PyTorch's defaults.
  assert.ok(await page.getByLabel('ρ (α in RMSprop)').isVisible());
  assert.equal(await page.getByLabel('ε').inputValue(), '0.000001');
  assert.ok(!(await page.getByLabel('β₁').isVisible()));
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /opt=adadelta/);
  assert.match(hash, /loss=hinge/);
  assert.match(hash, /lr=1&/);
  assert.doesNotMatch(hash, /beta1=/);
  // The loss's formula is MathML beside the selector.
  const formula = page.locator('.formula math');
  await formula.waitFor();
  assert.match(await formula.textContent(), /max/);
  await page.getByRole('button', { name: 'Play' }).click();
  const before = await waitForStatus(page, (s) => s.epoch >= 20, 30000);
  await page.getByRole('slider', { name: 'Learning rate' }).fill('9'); // 0.3
  const after = await waitForStatus(page, (s) => s.epoch > before.epoch + 10, 30000);
  assert.ok(after.epoch > before.epoch, 'no reset when the rate changes');
  assert.match(await page.evaluate(() => location.hash), /lr=0\.3/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('regression: only MSE is offered, and the status has no accuracy', async () => {
  const page = await openApp(browser, server.url, 'dataset=plane');
  assert.ok(await page.locator('#ctl-loss option[value="ce"]').isDisabled());
  assert.equal(await page.getByLabel('Loss function').inputValue(), 'mse');
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'epoch 1 ' }).waitFor({ timeout: 20000 });
  assert.doesNotMatch(await page.getByRole('status').textContent(), /accuracy/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the learning-rate range test shows progress, a chart, and a rate to use', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&opt=adam');
  await page.getByRole('button', { name: 'Find a learning rate' }).click();
  const use = page.getByRole('button', { name: /Use this rate/ });
  await use.waitFor({ timeout: 30000 });
  assert.ok(await page.getByRole('img', { name: /Loss against learning rate/ }).isVisible());
  const label = await use.textContent();
  const rate = /\(([\d.e+-]+)\)/.exec(label)[1];
  await use.click();
  assert.match(await page.evaluate(() => location.hash), new RegExp(`lr=${Number(rate)}(&|$)`));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the range test can be cancelled', async () => {
  // A range test that takes seconds (full-batch steps of a CNN on 1,617 digits), so the
  // Cancel button is there to press however fast the machine is.
  const page = await openApp(browser, server.url, 'dataset=digits&points=1797&split=90&layers=c16k3,c16k3,d32&batch=500');
  await page.getByRole('button', { name: 'Find a learning rate' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Find a learning rate' }).and(page.locator(':not([disabled])')).waitFor({ timeout: 10000 });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('run A vs run B: two runs side by side, B differs only where set, and the link keeps both', async () => {
  const page = await openApp(browser, server.url, 'dataset=spiral&noise=30&points=100&hidden=8,8&compare=1&b.reg=l2&b.reg_rate=0.01');
  await page.getByRole('img', { name: /Decision boundary, run B/ }).waitFor();
  await page.getByLabel('Run B: Optimizer').selectOption('adam');
  let hash = await page.evaluate(() => location.hash);
  assert.match(hash, /b\.opt=adam/);
  assert.match(hash, /b\.reg=l2&b\.reg_rate=0\.01/);
  assert.doesNotMatch(hash, /&opt=adam/, 'run A keeps its optimizer');
  await page.getByRole('button', { name: 'Play' }).click();
  const b = page.getByRole('status').filter({ hasText: 'Run B:' });
  await b.filter({ hasText: /epoch [1-9]/ }).waitFor({ timeout: 20000 });
  await waitForStatus(page, (s) => s.epoch >= 5, 20000);
  await page.getByRole('button', { name: 'Pause' }).click();
  // Turning the comparison off drops run B and its keys.
  await page.getByLabel('Compare with run B').uncheck();
  hash = await page.evaluate(() => location.hash);
  assert.doesNotMatch(hash, /b\./);
  assert.equal(await page.getByRole('img', { name: /run B/ }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('your own data: a CSV with two bad lines reports both, and the rest trains', async () => {
  const page = await openApp(browser, server.url, '');
  const rows = ['x1,x2,label'];
  for (let i = 0; i < 40; i++) rows.push(`${(i % 8) - 4},${Math.floor(i / 8) - 2},${(i % 8) < 4 ? 0 : 1}`);
  rows.splice(5, 0, '1.5,banana,1');
  rows.splice(12, 0, '2,3');
  await page.getByLabel('Your own data (CSV: x1,x2,label)').fill(rows.join('\n'));
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'Some lines were not used' });
  await problems.waitFor();
  const items = await problems.locator('li').allTextContents();
  assert.equal(items.length, 2, items.join(' | '));
  assert.match(items[0], /line 6/);
  assert.match(items[1], /line 13/);
  assert.match(await page.evaluate(() => location.hash), /dataset=custom/);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 5, 20000);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('dropout greys neurons and batch norm trains; the data report says what cleaning removed', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&hidden=8,8&dropout=0.5&bn=1&label_noise=0.2&clean=1');
  await page.getByText('What happened to the data').waitFor();
  assert.ok((await page.locator('.data-report li').count()) >= 1);
  await page.getByRole('button', { name: 'Play' }).click();
  await waitForStatus(page, (s) => s.epoch >= 10, 20000);
  assert.match(await page.evaluate(() => location.hash), /dropout=0\.5&bn=1/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
