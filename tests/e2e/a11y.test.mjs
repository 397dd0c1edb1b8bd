// An axe-core audit (WCAG 2.0/2.1, levels A and AA) of the full page and of every lesson, in
// English and Persian, and of an embedded lesson: no violation. axe runs in the page through
// the DevTools protocol (page.evaluate), which the page's Content-Security-Policy allows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { serve, launch, openApp } from './lib.mjs';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** The violations on the page as `rule ×count: first targets`. */
async function audit(page) {
  await page.evaluate(AXE);
  const r = await page.evaluate((tags) => globalThis.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  return r.violations.map((v) => `${v.id} ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the full page has no WCAG 2.1 A/AA violation, in English and Persian', async () => {
  for (const hash of ['', 'lang=fa', 'dataset=digits&layers=c4k3,mp2,d8&lang=fa']) {
    const page = await openApp(browser, server.url, hash);
    await page.getByRole('status').first().filter({ hasText: /[0-9۰-۹]/ }).waitFor({ timeout: 20000 });
    assert.deepEqual(await audit(page), [], hash || '(defaults)');
    await page.close();
  }
});

test('every lesson, in both languages, and an embedded lesson: no violation', async () => {
  const page = await openApp(browser, server.url, '');
  const lessons = await page.locator('#lesson-menu option').evaluateAll((els) => els.map((e) => e.value).filter((v) => v !== 'none'));
  for (const lesson of lessons) {
    for (const lang of ['en', 'fa']) {
      await page.goto(`${server.url}#lesson=${lesson}&lang=${lang}`);
      await page.reload();
      await page.locator('aside.lesson h2').waitFor();
      assert.deepEqual(await audit(page), [], `${lesson} ${lang}`);
    }
  }
  await page.goto(`${server.url}#lesson=standardize&embed=1&lang=fa&panels=boundary,histograms,surface&controls=scaling,speed`);
  await page.reload();
  await page.locator('.open-full').waitFor();
  assert.deepEqual(await audit(page), [], 'embedded');
  await page.close();
});
