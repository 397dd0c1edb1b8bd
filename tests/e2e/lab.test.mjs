// The back-propagation lab (issue 14) in real headless Chromium, driven as a student would:
// open it, pick Mazur's worked example, step through one training step with the keyboard
// (forward, loss, backward, gradients, update) and read his numbers in the formulas; the
// gradient check; the next steps and the loss falling; typed weights; a refusal in words;
// Persian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, until } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const phase = (page) => page.locator('.lab-phase').innerText();
// The current formulas as text (each formula's title is its plain-text form).
const formulas = (page) => page.locator('.lab-formulas .formula').evaluateAll((els) => els.map((e) => e.title));
const next = (page) => page.getByRole('button', { name: 'Next →' });

async function press(page, key, times = 1) {
  for (let k = 0; k < times; k++) await page.keyboard.press(key);
}

test("Mazur's worked example, number by number, by keyboard", async () => {
  const page = await openApp(browser, server.url, '');
  // Closed at first: one button opens it, and the URL says so.
  await page.getByRole('button', { name: 'Back-propagation lab' }).click();
  await page.waitForFunction(() => location.hash.includes('lab=1'));
  await page.getByRole('button', { name: "Mazur's worked example (2-2-2)" }).click();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('lab_w=0.15,0.2,0.25,0.3,0.35,0.35,0.4,0.45,0.5,0.55,0.6,0.6'));
  assert.match(await phase(page), /Step 1: Not started/);
  await until(page, async () => next(page).isEnabled(), (v) => v, 'the first step from the worker');

  // Forward, neuron by neuron: z = Σ w·x + b, then a = f(z).
  await page.getByRole('img', { name: /The lab's network/ }).focus();
  await press(page, 'ArrowRight');
  assert.match(await phase(page), /Forward pass: .* neuron 1 \(hidden layer 1\)/);
  let f = await formulas(page);
  assert.equal(f[0], 'z1(1) = w11(0) · x1 + w12(0) · x2 + b1(0) = 0.15 · 0.05 + 0.2 · 0.1 + 0.35 = 0.3775');
  assert.equal(f[1], 'a1(1) = σ ( z1(1) ) = σ ( 0.3775 ) = 0.59327');
  // Every value so far, as text (the diagram's numbers for a screen reader).
  await page.getByText('Every value so far').click();
  const cells = await page.getByRole('row', { name: /layer 1 · neuron 1/ }).locator('td').allTextContents();
  assert.deepEqual(cells, ['0.3775', '0.5933', '—', '—', '—']);
  // The phase line is live.
  assert.equal(await page.locator('.lab-phase').getAttribute('aria-live'), 'polite');

  // Three more neurons, then the loss: E_total = 0.298371109.
  await press(page, 'ArrowRight', 4);
  assert.match(await phase(page), /The loss/);
  assert.match((await formulas(page))[0], /= 0\.298371$/);
  // Back goes back.
  await press(page, 'ArrowLeft');
  assert.match(await phase(page), /Forward pass: .* neuron 2 \(the output layer\)/);
  await press(page, 'ArrowRight');

  // Backward from the output: ∂L/∂a = a − y = 0.74136507, f′ = 0.186815602, and their product.
  await press(page, 'ArrowRight');
  assert.match(await phase(page), /Backward pass .* neuron 1 \(the output layer\)/);
  f = await formulas(page);
  assert.equal(f[0], '∂L/∂a1(2) = a1(2) − y1 = 0.751365 − 0.01 = 0.741365');
  assert.match(f[1], /= 0\.186816$/);
  assert.match(f[2], /= 0\.741365 · 0\.186816 = 0\.138499$/);
  // Before the gradients are complete, the check waits.
  assert.equal(await page.locator('.lab-check tbody tr').count(), 0);

  // On to the update (12 phases in all): w5′ = 0.4 − 0.5 · 0.082167 = 0.358916.
  await press(page, 'ArrowRight', 6);
  assert.match(await phase(page), /The update: every weight at once/);
  f = await formulas(page);
  assert.equal(f.length, 8, 'biases stay: update_bias is off in this example');
  assert.ok(f.includes("w′11(1) = w11(1) − α · ∂L/∂w11(1) = 0.4 − 0.5 · 0.0821670 = 0.358916") || f.some((l) => /^w′11\(1\) .*= 0\.358916$/.test(l)), f.join('\n'));
  // The gradient check: back-propagation agrees with finite differences on every parameter.
  const rows = await page.locator('.lab-check tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.equal(rows.length, 12);
  for (const [name, , , diff] of rows) assert.ok(Number(diff) < 1e-6, `${name}: ${diff}`);

  // The next step starts from the new weights, with a lower loss; ten more lower still.
  await press(page, 'ArrowRight');
  assert.match(await phase(page), /Step 2: Not started/);
  await press(page, 'ArrowRight', 5);
  const loss2 = Number((await formulas(page))[0].split('= ').pop());
  assert.ok(loss2 < 0.298371, `step 2's loss ${loss2}`);
  await page.getByRole('button', { name: '10 steps at once' }).click();
  assert.match(await phase(page), /Step 12: Not started/);
  await press(page, 'ArrowRight', 5);
  const loss12 = Number((await formulas(page))[0].split('= ').pop());
  assert.ok(loss12 < loss2, `step 12's loss ${loss12} < ${loss2}`);
  await page.getByRole('img', { name: 'Loss per step' }).waitFor();
  await page.getByRole('button', { name: 'Back to step 1' }).click();
  assert.match(await phase(page), /Step 1: Not started/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('play, typed weights, a mini-batch and a refusal in words', async () => {
  const page = await openApp(browser, server.url, 'lab=1');
  await until(page, async () => next(page).isEnabled(), (v) => v, 'the first step');
  // Play shows one number after another at its pace; space pauses.
  await page.getByLabel('Pace').selectOption('8');
  await page.getByRole('button', { name: 'Play the step' }).click();
  await until(page, () => phase(page), (t) => /Backward pass/.test(t), 'play reaching the backward pass');
  await page.getByRole('img', { name: /The lab's network/ }).focus();
  await press(page, ' ');
  const paused = await phase(page);
  await page.waitForTimeout(600);
  assert.equal(await phase(page), paused, 'space paused');

  // A typed weight is the new start: the walk begins again and uses it.
  await page.getByLabel('w(0) 11').fill('1');
  await page.getByLabel('w(0) 11').press('Enter');
  await until(page, () => phase(page), (t) => /Step 1: Not started/.test(t), 'a new start');
  await until(page, async () => next(page).isEnabled(), (v) => v, 'the new first step');
  await next(page).click();
  assert.match((await formulas(page))[0], /= 1 · 0\.05 \+/);

  // XOR as a mini-batch of four: every example's pass, then the mean of their gradients.
  await page.getByRole('button', { name: 'XOR: a mini-batch of 4' }).click();
  await until(page, async () => next(page).isEnabled(), (v) => v, 'the XOR step');
  await next(page).click();
  assert.match(await phase(page), /example 1 of 4/);
  // 2-2-1: per example 3 forward, the loss, 3 backward, 2 gradient phases (9); 4 examples,
  // then the mean (the 37th phase).
  await page.getByRole('img', { name: /The lab's network/ }).focus();
  await press(page, 'ArrowRight', 36);
  assert.match(await phase(page), /mean of its examples' gradients/);
  assert.match((await formulas(page))[0], /^∂L\/∂w11\(0\) = 0\.25 · \( .* \+ .* \+ .* \+ .* \) = /);

  // Cross-entropy with a linear output: refused in words, and the lab keeps working after.
  await page.getByLabel('Output activation').selectOption('linear');
  await page.getByLabel('Loss L').selectOption('ce');
  await page.getByRole('alert').filter({ hasText: 'Cross-entropy treats each output as a probability' }).waitFor();
  await page.getByLabel('Output activation').selectOption('sigmoid');
  await until(page, async () => next(page).isEnabled(), (v) => v, 'working again');
  // A bad input row is refused and the field shows the value in use.
  const x = page.getByLabel('Inputs x');
  await x.fill('1,2;3');
  await x.press('Enter');
  assert.equal(await x.inputValue(), '0,0;0,1;1,0;1,1');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the lab in Persian', async () => {
  const page = await openApp(browser, server.url, 'lab=1&lang=fa');
  await page.getByRole('heading', { name: 'آزمایشگاه پس‌انتشار' }).waitFor();
  await until(page, async () => page.getByRole('button', { name: 'بعدی', exact: true }).isEnabled(), (v) => v, 'the first step');
  await page.getByRole('button', { name: 'بعدی', exact: true }).click();
  assert.match(await phase(page), /گذر رو به جلو/);
  // Persian digits, and × rather than a middle dot (which reads like the digit zero).
  const html = await page.locator('.lab-formulas .formula').first().innerHTML();
  assert.match(html, /[۰-۹]/);
  assert.match(html, /<mo>×<\/mo>/);
  await page.getByLabel('تابع اتلاف L').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});
