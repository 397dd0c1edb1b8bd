// Screenshots for a human look: node screenshot.mjs [out-dir]. English and Persian, wide and phone.
import fs from 'node:fs';
import { serve, launch, openApp, waitForStatus } from './lib.mjs';

const out = process.argv[2] ?? 'out';
fs.mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
const shots = [
  ['en-wide', 'dataset=spiral&noise=10&hidden=8,8,4&show_test=1', { width: 1280, height: 860 }, 'Play'],
  ['fa-wide', 'dataset=circle&lang=fa', { width: 1280, height: 860 }, 'اجرا'],
  ['en-iframe', 'dataset=xor', { width: 800, height: 600 }, 'Play'],
  ['fa-phone', 'dataset=moons&lang=fa', { width: 360, height: 740 }, 'اجرا'],
  ['en-badhash', 'lr=banana&hidden=300', { width: 1280, height: 860 }, null],
  ['en-spiral3', 'dataset=spiral3&hidden=8,8&opt=adadelta&loss=hinge&schedule=cosine', { width: 1280, height: 1000 }, 'Play'],
  ['fa-regression', 'dataset=multigauss&hidden=8,8&opt=adam&lang=fa&reg=l2', { width: 1280, height: 1000 }, 'اجرا'],
  // The data lab: a badly scaled x₁ standardized, an extra feature, the learning curve done.
  ['en-datalab', 'dataset=circle&seed=1&x1_scale=100&scaling=standardize&features=x1,x2,x1sq', { width: 1280, height: 1000 }, null],
  ['fa-datalab', 'dataset=circle&seed=1&x1_scale=100&scaling=standardize&features=x1,x2,x1sq&lang=fa', { width: 1280, height: 1000 }, null],
  // Improving training (issue 6): per-layer switches, layer activity, A vs B with dropout.
  ['en-improve', 'dataset=spiral&points=60&noise=30&hidden=16,16,16,16,16,16&act=tanh&bn=1,1,1,0,0,0&seed=1&compare=1&b.dropout=0.3',
    { width: 1280, height: 1000 }, 'Play'],
  ['fa-improve', 'dataset=spiral&points=60&noise=30&hidden=8,8,8&act=tanh&bn=0,1,0&dropout=0.2,0,0&seed=1&lang=fa',
    { width: 1280, height: 1000 }, 'اجرا'],
  // Images and CNNs (issue 10): digits with a small CNN, an image chosen; shapes, MLP vs CNN.
  ['en-images', 'dataset=digits&layers=c8k3,mp2,c16k3,mp2&act=relu&opt=adam&lr=0.01&batch=32&seed=1', { width: 1280, height: 1000 }, 'Play'],
  ['fa-images', 'dataset=shapes&image_size=16&points=600&layers=d10&act=relu&opt=adam&lr=0.01&batch=32&seed=1&compare=1&b.layers=c8k3,mp2,c16k3,mp2&lang=fa',
    { width: 1280, height: 1000 }, 'اجرا'],
  // The optimizer race (issue 4), raced to the end, clipped to its panel.
  ['en-sequences', 'dataset=sines&points=400&noise=5&layers=gru16&opt=adam&lr=0.01&batch=16&seed=1', { width: 1280, height: 1400 }, 'Play'],
  ['fa-sequences', 'dataset=adding&points=400&seq_len=30&layers=lstm16&opt=adam&lr=0.01&batch=32&seed=1&clip=1&lang=fa', { width: 1280, height: 1400 }, 'اجرا'],
  ['en-mnist1d', 'lesson=sequences&points=1000&layers=gru16', { width: 1280, height: 1200 }, 'Play'],
  ['en-imageprep', 'dataset=digits&points=600&layers=c8k3,mp2,d16&act=relu&opt=adam&lr=0.01&batch=32&seed=1&lighting=1&equalize=clahe&aug_rotate=20&aug_shift=0.1&aug_elastic=0.5', { width: 1280, height: 1500 }, null],
  ['fa-imageprep', 'dataset=digits&points=600&layers=c8k3,mp2,d16&act=relu&seed=1&lighting=0.8&contrast=0.5&equalize=global&per_image=standardize&aug_rotate=20&aug_cutout=0.3&lang=fa', { width: 1280, height: 1500 }, null],
  ['en-race', 'func=rosenbrock&func_start=-1.5,2&race=sgd:0.001,momentum:0.001,adam:0.05,sgd:0.004&race_len=300', { width: 1280, height: 900 }, 'race:Race'],
  ['fa-race', 'func=himmelblau&race=sgd:0.01,nesterov:0.005,rmsprop:0.05,adam:0.3&race_len=150&lang=fa', { width: 1280, height: 900 }, 'race:مسابقه'],
  // The back-propagation lab (issue 14): Mazur's example in the backward pass; XOR's batch in Persian.
  ['en-lab', 'lab=1&lab_loss=mse_half&lab_update_bias=0&lab_w=0.15,0.2,0.25,0.3,0.35,0.35,0.4,0.45,0.5,0.55,0.6,0.6', { width: 1400, height: 1000 }, 'lab:7'],
  ['fa-lab', 'lab=1&lab_x=0,0;0,1;1,0;1,1&lab_y=0;1;1;0&lab_lr=3&lang=fa', { width: 1400, height: 1000 }, 'lab:5'],
  // The classroom (issue 16): lessons beside their panels, and embedded lessons at slide sizes.
  ['en-lesson-standardize', 'lesson=standardize', { width: 1280, height: 900 }, 'Play'],
  ['fa-lesson-standardize', 'lesson=standardize&lang=fa', { width: 1280, height: 900 }, 'اجرا'],
  ['en-lesson-dropout', 'lesson=dropout', { width: 1280, height: 900 }, 'Play'],
  ['fa-lesson-cleaning', 'lesson=cleaning&lang=fa', { width: 1280, height: 900 }, 'اجرا'],
  ['fa-embed-800', 'lesson=standardize&embed=1&lang=fa&controls=scaling,speed', { width: 800, height: 600 }, 'اجرا'],
  ['en-embed-480', 'lesson=learning_rate&embed=1&controls=lr', { width: 480, height: 360 }, 'Play'],
  // Looks (issue 16): dark, projector with the colour-blind-safe palette.
  ['en-dark', 'dataset=spiral3&hidden=8,8&theme=dark&show_test=1', { width: 1280, height: 860 }, 'Play'],
  ['fa-projector-safe', 'lesson=standardize&theme=projector&palette=safe&lang=fa', { width: 1280, height: 900 }, 'اجرا'],
  ['en-race-bowl', 'func=bowl&func_k=30&race=sgd:0.06,momentum:0.01,adagrad:0.5,adam:0.1&race_len=120', { width: 800, height: 600 }, 'race:Race'],
  // Transfer learning (issue 13): the lesson with its three runs trained.
  ['en-transfer', 'lesson=transfer', { width: 1280, height: 1100 }, 'transfer:Train the three'],
  ['fa-transfer', 'lesson=transfer&lang=fa&pretrained=digits04', { width: 1280, height: 1100 }, 'transfer:آموزش هر سه'],
];
const curveButton = { 'en-datalab': 'Learning curve', 'fa-datalab': 'منحنی یادگیری' };
for (const [name, hash, viewport, play] of shots.filter(([n]) => !process.env.SHOTS || new RegExp(process.env.SHOTS).test(n))) {
  const page = await openApp(browser, server.url, hash, viewport);
  if (name === 'en-spiral3') {
    await page.getByRole('button', { name: 'Find a learning rate' }).click();
    await page.getByRole('button', { name: /Use this rate/ }).waitFor({ timeout: 30000 });
  }
  if (curveButton[name]) {
    await page.getByRole('button', { name: curveButton[name] }).click();
    await page.waitForFunction(() => document.querySelectorAll('.curve-points li').length === 6, null, { timeout: 120000 });
  }
  if (play?.startsWith('lab:')) {
    // Step through the lab with the keyboard, then the panel alone.
    await page.waitForFunction(() => !document.querySelector('.lab-transport button.primary')?.disabled, null, { timeout: 20000 });
    await page.locator('canvas.lab-diagram').focus();
    for (let k = 0; k < Number(play.slice(4)); k++) await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(800);
    await page.locator('section.lab').screenshot({ path: `${out}/${name}.png` });
    if (page.errors.length) console.log(name, page.errors);
    await page.close();
    continue;
  }
  if (play?.startsWith('race:')) {
    // Race at full speed until the end, with the gradient arrows on; then the panel alone.
    await page.waitForFunction(() => !document.querySelector('.race-transport button.primary')?.disabled, null, { timeout: 20000 });
    await page.locator('#race-speed').selectOption('400');
    await page.locator('#race-gradient').check();
    await page.getByRole('button', { name: play.slice(5), exact: true }).click();
    await page.waitForTimeout(2500);
    await page.locator('section.race').screenshot({ path: `${out}/${name}.png` });
    if (page.errors.length) console.log(name, page.errors);
    await page.close();
    continue;
  }
  if (play?.startsWith('transfer:')) {
    await page.getByRole('button', { name: play.slice(9), exact: true }).click();
    await page.waitForTimeout(1000);
    await page.waitForFunction(() => !document.querySelector('[role=progressbar]'), null, { timeout: 120000 });
    await page.waitForTimeout(500);
  } else if (play) {
    await page.getByRole('button', { name: play, exact: true }).click();
    await page.waitForTimeout(4000);
    if (name.endsWith('-images')) {
      // Choose the third test image for its feature maps.
      const g = page.locator('figure.gallery canvas').first();
      const box = await g.boundingBox();
      await page.mouse.click(box.x + box.width * 0.31, box.y + box.width * 0.06);
      await page.waitForTimeout(1500);
    }
  } else {
    await page.waitForTimeout(1000);
  }
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: name !== 'en-iframe' && !name.includes('-embed-') });
  if (name.endsWith('-images')) {
    await page.locator('.output').screenshot({ path: `${out}/${name}-output.png` });
    await page.locator('section.network').screenshot({ path: `${out}/${name}-network.png` });
  }
  if (name.endsWith('-improve')) {
    // Close-ups: the network panel (layer editor, diagram, layer activity) and the output panel.
    await page.locator('section.network').screenshot({ path: `${out}/${name}-network.png` });
    await page.locator('.output').screenshot({ path: `${out}/${name}-output.png` });
  }
  if (page.errors.length) console.log(name, page.errors);
  await page.close();
}
// Loss surface (issue 4): the panel while the spiral trains, PCA directions (English), and
// two weights picked on the diagram (Persian).
for (const [name, hash, play, region, dirs, compute] of [
  ['en-surface', 'dataset=spiral&noise=10&hidden=8,8&seed=1', 'Play', 'Loss surface', 'pca', 'Compute surface'],
  ['fa-surface', 'dataset=xor&hidden=4&seed=1&lang=fa', 'اجرا', 'سطح خطا', 'weights', 'محاسبهٔ سطح'],
]) {
  const page = await openApp(browser, server.url, hash, { width: 1280, height: 900 });
  const panel = page.getByRole('region', { name: region });
  await page.getByRole('button', { name: play }).click();
  await page.waitForTimeout(1500);
  await panel.locator('#surf-dirs').selectOption(dirs);
  if (dirs === 'weights') {
    await panel.locator('#surf-w0').selectOption({ index: 1 });
    await panel.locator('#surf-w1').selectOption({ index: 6 });
  }
  await panel.getByRole('button', { name: compute }).click();
  await page.waitForTimeout(5000);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  await panel.screenshot({ path: `${out}/${name}-panel.png` });
  if (page.errors.length) console.log(name, page.errors);
  await page.close();
}
await browser.close();
await server.close();
console.log(`screenshots in ${out}/`);
