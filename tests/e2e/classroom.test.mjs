// The classroom (issue 16) in real headless Chromium: every lesson from the menu with its text
// and panels, in English and Persian; a lesson's claim checked on the page; embed mode at slide
// sizes (nothing overflows sideways, every named panel whole); the example deck driving its
// lessons through postMessage; messages from the wrong origin or sender ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, until } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const lessonTitle = (page) => page.locator('aside.lesson h2').innerText();
const panelTitles = (page) => page.locator('main.layout .slot:not([hidden]) > section.panel > h2').evaluateAll((els) => els.map((e) => e.textContent.trim()));

test('the lesson menu opens every lesson with its text and panels; previous, next and reset', async () => {
  const page = await openApp(browser, server.url, '');
  const menu = page.getByLabel('Lessons');
  const options = await menu.locator('option').evaluateAll((els) => els.map((e) => [e.value, e.textContent]));
  assert.ok(options.length >= 16, `${options.length} lessons`);
  assert.equal(options[0][0], 'none');
  for (const [value, label] of options.slice(1)) {
    await menu.selectOption(value);
    await page.waitForFunction((v) => location.hash.includes(`lesson=${v}`), value);
    const title = await lessonTitle(page);
    assert.ok(label.endsWith(title), `${label} / ${title}`);
    assert.match(label, /^Slide \d+ · /);
    const text = await page.locator('aside.lesson .lesson-text').innerText();
    assert.ok(text.split('. ').length >= 2, `${value}: a few sentences: ${text}`);
    const panels = await panelTitles(page);
    assert.ok(panels.length >= 1 && panels.every((t) => t.length > 0), `${value}: ${panels}`);
  }
  // Previous / next walk the slides in order; "Reset lesson" restores a changed setting.
  await menu.selectOption('standardize');
  await page.getByRole('button', { name: 'Next lesson →' }).click();
  assert.equal(await lessonTitle(page), 'Normalization (min-max)');
  await page.getByRole('button', { name: '← Previous lesson' }).click();
  assert.equal(await lessonTitle(page), 'Standardization');
  // The lesson's own controls stand beside its text (its panels are plots).
  await page.locator('aside.lesson').getByLabel('Feature scaling').selectOption('standardize');
  await page.waitForFunction(() => location.hash.includes('scaling=standardize'));
  await page.getByRole('button', { name: 'Reset lesson' }).click();
  await page.waitForFunction(() => location.hash.includes('scaling=none'));
  // "All panels" leaves the lesson with its settings.
  await page.getByRole('button', { name: 'All panels' }).click();
  await page.getByRole('region', { name: 'Network' }).waitFor();
  assert.ok(!(await page.evaluate(() => location.hash)).includes('lesson='));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('every lesson link works in Persian, right to left', async () => {
  const page = await openApp(browser, server.url, 'lang=fa');
  const values = await page.locator('#lesson-menu option').evaluateAll((els) => els.map((e) => e.value).filter((v) => v !== 'none'));
  for (const value of values) {
    await page.goto(`${server.url}#lesson=${value}&lang=fa`);
    await page.locator('aside.lesson h2').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    const text = await page.locator('aside.lesson .lesson-text').innerText();
    assert.match(text, /[\u0600-\u06FF]{3}/, `${value}: Persian text`);
    assert.match(await page.locator('aside.lesson .slide').innerText(), /^اسلاید [۰-۹]+$/);
  }
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a lesson's claim is checked on the page: progress, figures, verdict", async () => {
  const page = await openApp(browser, server.url, 'lesson=surface');
  await page.getByRole('button', { name: 'Check the claim' }).click();
  await page.getByText('The claim holds.').waitFor({ timeout: 60000 });
  const figures = await page.locator('aside.lesson .figures li').allInnerTexts();
  assert.equal(figures.length, 2);
  assert.match(figures[0], /^after 1 epoch: \d\.\d{3}$/);
  assert.match(figures[1], /^after 100 epochs: \d\.\d{3}$/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

for (const [width, height] of [[480, 360], [800, 600], [1280, 720]]) {
  test(`embed mode at ${width}×${height}: only the named panels, whole, no sideways scroll`, async () => {
    const hash = 'lesson=standardize&embed=1&lang=fa&panels=boundary,histograms,surface&controls=scaling,speed';
    const page = await openApp(browser, server.url, hash, { width, height });
    await page.locator('main.layout .slot:not([hidden]) > section').first().waitFor();
    assert.equal(await page.locator('header.top').count(), 0, 'no page header');
    assert.equal(await page.locator('#lesson-menu').count(), 0, 'no lesson menu');
    assert.equal(await page.locator('main.layout .slot:not([hidden]) > section').count(), 3);
    // The controls named, and no others: the scaling strip and the speed; no learning rate.
    assert.equal(await page.locator('.control-strip select').filter({ visible: true }).count(), 1);
    assert.equal(await page.getByLabel('نرخ یادگیری').filter({ visible: true }).count(), 0);
    // The shown surface computes itself.
    await page.locator('section.surface canvas').first().waitFor();
    await until(page, () => page.locator('section.surface .surface-status').innerText(), (t) => /[۰-۹]/.test(t), 'the surface computed by itself', 30000);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
    for (const box of await page.locator('main.layout .slot:not([hidden]) > section').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) {
      assert.ok(box.x >= 0 && box.right <= width + 0.5 && box.width > 100, JSON.stringify(box));
    }
    // The way out: the same state in the full playground, in a new tab.
    const href = await page.getByRole('link', { name: 'باز کردن در زمین بازی کامل' }).getAttribute('href');
    assert.match(href, /lesson=standardize/);
    assert.doesNotMatch(href, /embed=1|panels=/);
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

/** The deck's frame for a slide and its status line. */
async function slideFrame(page, n) {
  const handle = await page.locator('.slide iframe').nth(n).elementHandle();
  return handle.contentFrame();
}

test('the example deck drives its lessons through postMessage', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${server.url}examples/slides.html`);
  const slide = page.locator('.slide').first();
  // "ready" comes first; the frame's epoch-0 progress may replace it within 250 ms.
  await until(page, () => slide.locator('.events').innerText(), (t) => /^(ready|epoch \d)/.test(t), 'the ready event', 30000);
  const frame = await slideFrame(page, 0);
  // Play from the slide's own button: the frame trains and reports its progress.
  await slide.getByRole('button', { name: 'Play' }).click();
  await until(page, () => slide.locator('.events').innerText(), (t) => /^epoch [1-9]\d* · train loss/.test(t), 'progress events', 30000);
  // Pause: the epoch stops.
  await slide.getByRole('button', { name: 'Pause' }).click();
  await until(page, () => frame.evaluate(() => document.querySelector('.transport button.primary').getAttribute('aria-pressed')), (v) => v === 'false', 'paused');
  // (An epoch under way when Pause arrived may still report: let it land, then watch.)
  await page.waitForTimeout(500);
  const stopped = await slide.locator('.events').innerText();
  await page.waitForTimeout(750);
  assert.equal(await slide.locator('.events').innerText(), stopped, 'no progress while paused');
  // Set a key: the same validation as the URL.
  await slide.getByRole('button', { name: 'Standardize' }).click();
  await until(page, () => frame.evaluate(() => location.hash), (h) => h.includes('scaling=standardize'), 'the set command');
  // Step trains exactly one epoch.
  await slide.getByRole('button', { name: 'Reset' }).click();
  await until(page, () => frame.getByRole('status').first().textContent(), (t) => /دوره ۰ /.test(t), 'reset to epoch 0');
  await slide.getByRole('button', { name: 'Step' }).click();
  await until(page, () => frame.getByRole('status').first().textContent(), (t) => /دوره ۱ /.test(t), 'one step');
  // The third slide plays by itself (autoplay=1).
  const third = page.locator('.slide').nth(2);
  await until(page, () => third.locator('.events').innerText(), (t) => /^epoch [1-9]/.test(t), 'autoplay', 30000);
  assert.deepEqual(errors, []);
  await page.close();
});

test('messages from another origin, another sender or of another shape are ignored', async () => {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(`${server.url}examples/slides.html`);
  const slide = page.locator('.slide').first();
  // "ready" comes first; the frame's epoch-0 progress may replace it within 250 ms.
  await until(page, () => slide.locator('.events').innerText(), (t) => /^(ready|epoch \d)/.test(t), 'the ready event', 30000);
  // Point the first frame at a lesson that accepts only https://example.org.
  await page.evaluate(() => {
    const f = document.querySelector('.slide iframe');
    f.src = '../index.html#lesson=overview&embed=1&parent_origin=https://example.org';
  });
  await page.waitForTimeout(300);
  const frame = await slideFrame(page, 0);
  await frame.waitForFunction(() => window.wasmBindings?.descent_ignored_messages && document.querySelector('[role=status]'));
  await until(page, () => frame.getByRole('status').first().textContent(), (t) => /epoch 0/.test(t), 'the lesson loaded', 30000);
  const ignored = () => frame.evaluate(() => window.wasmBindings.descent_ignored_messages());
  const before = await ignored();
  // From the parent, but not from an allowed origin.
  await page.evaluate(() => document.querySelector('.slide iframe').contentWindow.postMessage({ source: 'descent', v: 1, type: 'play' }, '*'));
  // From the frame itself (not its parent), and malformed ones.
  await frame.evaluate(() => {
    window.postMessage({ source: 'descent', v: 1, type: 'play' }, '*');
    window.postMessage('play', '*');
  });
  await until(page, ignored, (n) => n >= before + 3, 'three ignored messages');
  await page.waitForTimeout(500);
  assert.match(await frame.getByRole('status').first().textContent(), /epoch 0 /, 'nothing trained');
  assert.equal(await frame.evaluate(() => document.querySelector('.transport button.primary').getAttribute('aria-pressed')), 'false');
  await page.close();
});
