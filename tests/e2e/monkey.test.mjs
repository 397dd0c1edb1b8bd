// The monkey test (issue 17): a seeded schedule of random actions on everything a student can
// touch — buttons, selects, sliders, checkboxes, number and text boxes (with edge values and
// garbage), clicks and keys on the plots, the layer editor, the race, the surface, the
// language, hash edits with back and forward — then: no uncaught error, no console error, no
// crashed worker, no internal error shown; and the page still trains (the status line moves).
// MONKEY_ACTIONS (default 1000) and MONKEY_SEED (default 1) choose the schedule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitForStatus } from './lib.mjs';

const ACTIONS = Number(process.env.MONKEY_ACTIONS ?? 1000);
const SEED = Number(process.env.MONKEY_SEED ?? 1);

/** mulberry32: a small seeded PRNG, so a failing schedule can be replayed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT_VALUES = ['', '0', '-1', '1', '2', '7', '1e9', '-0', 'abc', '0.5', '999999', '3.3', '۱۲', 'c8k3,mp2', 'd4,d2', 'd300', 'mp2,d4', '1,0.5'];
const HASHES = [
  'dataset=spiral&layers=d8,d8&act=relu',
  'dataset=digits&layers=c4k3,mp2,d8&act=relu&opt=adam&lr=0.01&batch=32',
  'dataset=shapes&image_size=12&points=200&layers=c4k3,mp2&compare=1&b.layers=d8',
  'dataset=multigauss&loss=mse&layers=d4',
  'dataset=xor&compare=1&b.opt=adam&speed=10',
  'func=bowl&race=sgd:0.1,adam:0.05&race_len=100',
  'lr=banana&hidden=300&zzz=1',
  'dataset=circle&missing=0.2&outliers=0.1&clean=1&fill=mean&scaling=standardize&lang=fa',
];

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test(`monkey: ${ACTIONS} seeded random actions leave no error and a page that still trains`, { timeout: 20 * 60 * 1000 }, async () => {
  const rand = prng(SEED);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const page = await openApp(browser, server.url, 'dataset=circle&seed=1');
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  const counts = {};
  const bad = [];
  // What a run must never show (typed refusals such as "Layer 1 needs images" are fine).
  const check = async (step) => {
    const alerts = await page.getByRole('alert').allTextContents();
    for (const a of alerts) {
      if (/Internal error|خطای درونی|started again with your settings|دوباره با تنظیمات شما/.test(a)) bad.push(`after action ${step}: ${a}`);
    }
  };
  for (let i = 0; i < ACTIONS; i++) {
    const kind = pick(['button', 'button', 'select', 'select', 'range', 'check', 'text', 'canvas', 'key', 'hash']);
    counts[kind] = (counts[kind] ?? 0) + 1;
    try {
      if (kind === 'hash') {
        if (rand() < 0.3) {
          await page.goBack({ timeout: 2000 }).catch(() => {});
          if (!page.url().startsWith(server.url)) await page.goForward({ timeout: 2000 }).catch(() => {});
        } else {
          await page.evaluate((h) => { location.hash = h; }, pick(HASHES));
        }
      } else if (kind === 'key') {
        await page.keyboard.press(pick(['Tab', 'Tab', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Space', 'Enter', 'Escape']));
      } else {
        const selector = {
          button: 'button:not([disabled])',
          select: 'select:not([disabled])',
          range: 'input[type=range]:not([disabled])',
          check: 'input[type=checkbox]:not([disabled])',
          text: 'input[type=number]:not([disabled]), input[type=text]:not([disabled]), textarea:not([disabled])',
          canvas: 'canvas',
        }[kind];
        // Only what is on screen (a student cannot click a hidden control).
        const handles = await page.$$(selector);
        const visible = [];
        for (const h of handles) if (await h.isVisible()) visible.push(h);
        if (visible.length === 0) continue;
        const el = pick(visible);
        await el.scrollIntoViewIfNeeded({ timeout: 1000 }).catch(() => {});
        if (kind === 'button' || kind === 'check') {
          await el.click({ timeout: 1000 });
        } else if (kind === 'select') {
          const options = await el.$$eval('option:not([disabled])', (os) => os.map((o) => o.value));
          if (options.length) await el.selectOption(pick(options), { timeout: 1000 });
        } else if (kind === 'range') {
          await el.evaluate((e, r) => {
            const min = Number(e.min || 0), max = Number(e.max || 100);
            e.value = String(min + Math.round(r * (max - min)));
            e.dispatchEvent(new Event('input', { bubbles: true }));
            e.dispatchEvent(new Event('change', { bubbles: true }));
          }, rand());
        } else if (kind === 'text') {
          await el.fill(pick(TEXT_VALUES), { timeout: 1000 });
          await el.press(pick(['Enter', 'Tab']), { timeout: 1000 });
        } else if (kind === 'canvas') {
          const box = await el.boundingBox();
          if (box && box.width > 4 && box.height > 4) {
            const modifiers = rand() < 0.2 ? [pick(['Shift', 'Alt'])] : [];
            await page.mouse.move(box.x + rand() * box.width, box.y + rand() * box.height);
            if (rand() < 0.5) {
              await el.click({ position: { x: rand() * box.width, y: rand() * box.height }, modifiers, timeout: 1000 });
            } else {
              await page.mouse.down();
              await page.mouse.move(box.x + rand() * box.width, box.y + rand() * box.height, { steps: 3 });
              await page.mouse.up();
            }
          }
        }
      }
    } catch (e) {
      // An element that went away between being found and being used (the page re-rendered)
      // is the page being alive, not a failure; anything the page throws lands in page.errors.
      if (!/detached|not attached|Timeout|not visible|outside of the viewport|not an HTMLInputElement|intercepts pointer|Target closed|Element is not|Cannot type text into/.test(String(e))) throw e;
    }
    await page.waitForTimeout(15);
    if (i % 50 === 49) await check(i + 1);
  }
  await check(ACTIONS);
  console.log(`monkey: ${ACTIONS} actions (seed ${SEED}):`, counts);
  assert.deepEqual(page.errors, [], 'no uncaught error and no console error');
  assert.deepEqual(bad, [], 'no worker failure or internal error shown');
  // The page still trains: a known state, Play, the status line moves.
  await page.evaluate(() => { location.hash = 'dataset=circle&seed=1&lang=en&speed=max'; });
  await page.getByRole('button', { name: 'Reset' }).click();
  await waitForStatus(page, (s) => s.epoch === 0, 20000);
  await page.getByRole('button', { name: 'Play' }).click();
  const s = await waitForStatus(page, (s) => s.epoch >= 20, 30000);
  assert.ok(s.epoch >= 20);
  assert.deepEqual(page.errors, []);
  await page.close();
});
