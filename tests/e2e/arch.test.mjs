// Choosing the architecture (issue 15) in real headless Chromium, as a student would: grow a
// network until no improvement and use the one chosen; a random search's table sorted and a
// row's link opened; cancelling; a ready-made model; Persian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, until } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const rows = (page) => page.locator('.arch-table tbody tr');
const cells = (page, col) => page.locator(`.arch-table tbody tr td:nth-child(${col})`).allInnerTexts();

test('grow until no improvement, then use the network chosen', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&points=200&seed=1&arch_budget=20&grow_patience=1');
  await page.getByRole('heading', { name: 'Choosing the architecture' }).waitFor();
  await page.getByRole('button', { name: 'Grow until no improvement' }).click();
  const verdict = page.locator('.p-arch .verdict');
  await verdict.waitFor({ timeout: 60000 });
  const text = await verdict.innerText();
  const m = /Chosen: \u2066?([\w,]+)\u2069? · ([\d.]+)% · (\d+) parameters/.exec(text);
  assert.ok(m, text);
  // The first network is one neuron; growth tried several, each with a link that reproduces it.
  assert.ok((await rows(page).count()) >= 3);
  const layers = await cells(page, 2);
  assert.ok(layers.includes('d1'), layers.join(' '));
  const hrefs = await page.locator('.arch-table tbody a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.every((h) => /^#.*layers=d/.test(h)), hrefs[0]);
  assert.match(await page.locator('.p-arch').innerText(), /trained on 75 · validated on 25 · 20 epochs each/);
  // The chart shows the networks (not an empty plot any more).
  const ink = await page.getByRole('img', { name: /^Architectures tried/ }).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let blue = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 2] > 150 && d[i] < 120) blue++;
    return blue;
  });
  assert.ok(ink > 50, `dots drawn: ${ink}`);
  await page.getByRole('button', { name: 'Use this one' }).click();
  await page.waitForFunction((l) => location.hash.includes(`layers=${l}`), m[1]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a random search: sorted by parameters, a row opened by its link; cancel', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&points=200&seed=2&arch_budget=10&search_trials=5&search_width=8');
  await page.getByRole('button', { name: 'Random search' }).click();
  await page.locator('.p-arch .verdict').waitFor({ timeout: 60000 });
  assert.equal(await rows(page).count(), 5);
  // Sorted by validation accuracy first (highest first); then by parameters (fewest first).
  const acc = (await cells(page, 8)).map(parseFloat);
  assert.deepEqual(acc, [...acc].sort((a, b) => b - a));
  await page.getByRole('button', { name: 'Parameters', exact: true }).click();
  const params = (await cells(page, 6)).map(Number);
  assert.deepEqual(params, [...params].sort((a, b) => a - b));
  // Every width within the bounds.
  for (const l of await cells(page, 2)) assert.ok(l.split(',').every((t) => +t.slice(1) >= 2 && +t.slice(1) <= 8), l);
  const [first, rate] = [(await cells(page, 2))[0], (await cells(page, 4))[0]];
  await page.locator('.arch-table tbody tr').first().getByRole('link', { name: 'open' }).click();
  await page.waitForFunction((l) => location.hash.includes(`layers=${l}&`) || location.hash.endsWith(`layers=${l}`), first);
  const lr = Number(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('lr'));
  assert.ok(Math.abs(lr - Number(rate)) <= 0.0001, `the row's rate ${rate}, the link's ${lr}`);

  // A long growth is cancelled: what was tried so far stays.
  await page.getByLabel('Epochs per network').fill('1000');
  await page.getByLabel('Epochs per network').press('Tab');
  await page.getByRole('button', { name: 'Grow until no improvement' }).click();
  await page.locator('.p-arch progress').waitFor();
  await page.locator('.p-arch').getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('Cancelled: the networks tried so far are shown.').waitFor({ timeout: 20000 });
  assert.ok(await page.getByRole('button', { name: 'Grow until no improvement' }).isEnabled());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('shrink the network in the layer editor until it loses; a CNN grows on digits', async () => {
  const page = await openApp(browser, server.url, 'dataset=circle&points=200&seed=1&layers=d16,d16&opt=adam&lr=0.03&arch_budget=30');
  await page.getByRole('button', { name: 'Shrink until it loses' }).click();
  const verdict = page.locator('.p-arch .verdict');
  await verdict.waitFor({ timeout: 60000 });
  const m = /Chosen: \u2066?([\w,]+)\u2069? · ([\d.]+)% · (\d+) parameters/.exec(await verdict.innerText());
  assert.ok(m && Number(m[3]) < 337, `smaller than 16-16 (337 parameters): ${m?.[0]}`);
  // The first row (in order tried) is the editor's own network.
  await page.getByRole('button', { name: '#', exact: true }).click();
  assert.equal((await cells(page, 2))[0], 'd16,d16');
  await page.close();

  const digits = await openApp(browser, server.url, 'dataset=digits&points=300&seed=1&act=relu&opt=adam&lr=0.01&arch_budget=3&grow_patience=1');
  await digits.getByRole('button', { name: 'Grow until no improvement' }).click();
  await digits.locator('.p-arch .verdict').waitFor({ timeout: 120000 });
  const layers = await cells(digits, 2);
  assert.ok(layers.includes('c1k3,mp2') && layers.some((l) => l.startsWith('c2k3')), layers.join(' '));
  assert.deepEqual(digits.errors, []);
  await digits.close();
});

test('a grid search over the bounds, each network timed', async () => {
  const page = await openApp(browser, server.url, 'dataset=xor&points=200&seed=1&arch_budget=5&search_trials=4&search_depth=2&search_width=4');
  await page.getByLabel('Grid instead of random').check();
  await page.waitForFunction(() => location.hash.includes('search_grid=1'));
  await page.getByRole('button', { name: 'Random search' }).click();
  await page.locator('.p-arch .verdict').waitFor({ timeout: 60000 });
  assert.equal(await rows(page).count(), 4);
  await page.getByRole('button', { name: '#', exact: true }).click();
  // 2 depths × widths 2, 4 × 2 activations × 3 rates = 24 points; 4 of them, first and last kept.
  const layers = await cells(page, 2);
  assert.equal(layers[0], 'd2');
  assert.equal(layers[3], 'd4,d4');
  const times = (await cells(page, 9)).map(Number);
  assert.ok(times.every((t) => t >= 0 && t < 30), times.join(' '));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('a ready-made model sets the layers; the lesson in Persian', async () => {
  const page = await openApp(browser, server.url, 'dataset=spiral');
  const preset = page.getByLabel('Ready-made model');
  const deep = await preset.locator('option', { hasText: 'Deep' }).innerText();
  assert.match(deep, /^Deep \(d8,d8,d8,d8\) · \d+ parameters$/);
  await preset.selectOption('d8,d8,d8,d8');
  await page.waitForFunction(() => location.hash.includes('layers=d8,d8,d8,d8'));
  assert.match(await page.locator('#help-arch-preset').innerText(), /Four layers of 8/);
  // Images get image models.
  await page.getByLabel('Dataset').selectOption('digits');
  await until(page, () => preset.locator('option').allInnerTexts(), (o) => o.some((t) => t.startsWith('LeNet-like')), 'image presets');
  await page.close();

  const fa = await openApp(browser, server.url, 'lesson=architecture&lang=fa&arch_budget=10&search_trials=3');
  await fa.getByRole('heading', { name: 'انتخاب معماری' }).first().waitFor();
  await fa.getByRole('button', { name: 'جست‌وجوی تصادفی' }).click();
  await fa.locator('.p-arch .verdict').waitFor({ timeout: 60000 });
  assert.match(await fa.locator('.p-arch .verdict').innerText(), /^انتخاب‌شده: .*[۰-۹]/);
  // The table scrolls inside its panel: the page never scrolls sideways.
  assert.ok(await fa.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  assert.deepEqual(fa.errors, []);
  await fa.close();
});
