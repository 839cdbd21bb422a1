// SPDX-License-Identifier: MIT
// Drives the playground page in the system's headless Chromium (puppeteer-core downloads no
// browser) and compares what it shows with the native library (playground_reference).
// Usage: node browser_test.js --page <index.html> --chromium <path> --reference <exe> --out <dir>
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const args = {};
for (let i = 2; i + 1 < process.argv.length; i += 2) args[process.argv[i].slice(2)] = process.argv[i + 1];

let passed = 0;
let failed = 0;
function check(ok, what, detail = '') {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    console.log(`FAILED: ${what}${detail ? ': ' + detail : ''}`);
  }
}

// ---- the native reference ----

/// One Neuron::train call: {records: [{iteration, error}], error, accuracy, saved}.
function reference(options = {}) {
  const flags = [];
  for (const [key, value] of Object.entries(options)) flags.push(`--${key}`, String(value));
  const out = execFileSync(args.reference, ['run', ...flags], { encoding: 'utf8' });
  const lines = out.split('\n');
  const records = lines.filter((l) => l.startsWith('record ')).map((l) => {
    const [, i, e] = l.split(' ');
    return { iteration: Number(i), error: Number(e) };
  });
  const value = (key) => Number(lines.find((l) => l.startsWith(key + ' ')).split(' ')[1]);
  if (lines[0].startsWith('diverged ')) return { diverged: value('diverged') };
  const saved = lines.slice(lines.findIndex((l) => l.startsWith('tinyneuron-neuron'))).join('\n');
  const parameters = lines.find((l) => l.startsWith('parameters ')).split(' ').slice(1).map(Number);
  return { records, error: value('error'), accuracy: value('accuracy'), parameters, saved };
}

/// The library's predict for a saved neuron at each point.
function referencePredict(saved, points) {
  const out = execFileSync(args.reference, ['predict', ...points.flatMap((p) => [p[0], p[1]]).map(String)],
    { input: saved, encoding: 'utf8' });
  return out.trim().split('\n').map(Number);
}

const pointsFlag = (points) => points.map((p) => p.join(',')).join(';');

/// The page's run against the library's: records and error to 1e-12, and the neuron bit for
/// bit when `exact` (single-row steps; a full batch sums Xᵀs in another order natively, where
/// Eigen vectorises, than in wasm, so the last bits may differ).
function sameRun(page, ref, what, exact = true) {
  check(page.records.length === ref.records.length, `${what}: number of records`,
    `${page.records.length} vs ${ref.records.length}`);
  const worst = Math.max(0, ...ref.records.map((r, k) =>
    page.records[k] && page.records[k].iteration === r.iteration ? Math.abs(page.records[k].error - r.error) : Infinity));
  check(worst <= 1e-12, `${what}: recorded errors within 1e-12 of the native library's`, `worst ${worst}`);
  check(Math.abs(page.error - ref.error) <= 1e-12, `${what}: error after the last iteration`,
    `${page.error} vs ${ref.error}`);
  const parameters = [...page.weights, page.bias];
  check(parameters.every((v, k) => Math.abs(v - ref.parameters[k]) <= 1e-12), `${what}: the same neuron`,
    `${parameters} vs ${ref.parameters}`);
  if (exact) {
    check(page.saved.trim() === ref.saved.trim(), `${what}: the same neuron, bit for bit`,
      `\n${page.saved}\nvs\n${ref.saved}`);
  }
}

// ---- the page ----

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyneuron-playground-'));
  const browser = await puppeteer.launch({
    executablePath: args.chromium,
    headless: true,
    userDataDir,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage'],
  });
  try {
    await run(browser);
  } finally {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

async function run(browser) {
  const pageDir = path.dirname(args.page);
  const bytes = fs.readdirSync(pageDir).reduce((sum, f) => sum + fs.statSync(path.join(pageDir, f)).size, 0);
  console.log(`page: ${bytes} bytes in ${fs.readdirSync(pageDir).join(', ')}`);
  check(bytes < 600 * 1024, 'the page is under 600 KB', `${bytes} bytes`);

  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => errors.push('request failed: ' + r.url()));
  await page.setViewport({ width: 1280, height: 960 });
  const url = 'file://' + path.resolve(args.page);
  const state = () => page.evaluate(() => window.playground.state());
  const text = () => page.evaluate(() => document.body.innerText);
  const click = async (selector) => { await page.click(selector); await sleep(50); };
  const setField = async (id, value) => {
    await page.$eval(`#${id}`, (el, v) => { el.value = v; }, value);
    await click('#apply');
  };
  const loads = []; // ms from navigation start to the page's first picture, by its own clock
  const goto = async (hash) => { // a fresh load each time, not just a new hash
    await page.goto('about:blank');
    await page.goto(url + hash);
    await page.waitForFunction(() => window.playground && window.playground.ready);
    loads.push(await page.evaluate(() => window.playground.loadMs));
  };

  // 1. The tutorial's run from the URL: the native history, shown to 4 decimals.
  await goto('#seed=3346&run=1');
  const tutorial = reference({ seed: 3346 });
  let s = await state();
  sameRun(s, tutorial, 'seed 3346');
  const last = s.records[s.records.length - 1];
  console.log(`seed 3346: last recorded error ${last && last.error}, error after the last iteration ${s.error}`);
  check(last && last.error === 2.2290563439270854, 'seed 3346 ends at 2.2290563439270854');
  const shown = await page.$$eval('#records li', (items) => items.map((li) => li.textContent));
  const expected = tutorial.records.map((r) => `${r.iteration}: ${r.error.toFixed(4)}`);
  check(JSON.stringify(shown) === JSON.stringify(expected), 'the recorded errors shown to 4 decimals',
    `${shown.join(' | ')}`);
  check(shown.map((t) => t.split(': ')[1]).join(' ') ===
    '3.0330 2.7852 2.5427 2.4453 2.3756 2.3538 2.2983 2.2675 2.2415 2.2291', 'the README\'s numbers');
  const finalShown = await page.$eval('#final-error', (el) => el.textContent);
  check(finalShown.startsWith(tutorial.error.toFixed(4)), 'the error after the last iteration is shown',
    finalShown);
  check(Math.abs(s.accuracy - tutorial.accuracy) === 0, 'accuracy as the library computes it');
  check(s.baseline === 2, 'the 0.5 baseline of 8 points is 2');
  await page.waitForFunction(() => Number.isFinite(window.playground.state().lowest));
  s = await state();
  check(s.lowest > 0 && s.lowest < last.error, 'the lowest reachable error is below the run\'s', String(s.lowest));
  check((await page.$eval('#saved', (el) => el.value)).trim() === tutorial.saved.trim(),
    'the export is the library\'s save format of the trained neuron');
  await page.screenshot({ path: path.join(args.out, 'playground-desktop.png'), fullPage: false });

  // 2. Reset, play, pause, step: wherever play stopped, the page equals one train call.
  await click('#reset');
  s = await state();
  check(s.iteration === 0 && s.records.length === 0, 'Reset returns to iteration 0');
  await click('#play');
  await page.waitForFunction(() => window.playground.state().iteration > 0);
  await click('#pause');
  const paused = (await state()).iteration;
  await sleep(300);
  s = await state();
  check(!s.playing && s.iteration === paused, 'Pause stops training', `${paused} then ${s.iteration}`);
  check(paused > 0 && paused < 1000, 'paused part way', String(paused));
  await click('#step');
  s = await state();
  check(s.iteration === paused + 1, 'Step trains one iteration', `${paused} then ${s.iteration}`);
  sameRun(s, reference({ seed: 3346, iterations: paused + 1 }), `played, paused and stepped to ${paused + 1}`);

  // 3. The keyboard: Play and Pause by Enter and Space.
  await page.focus('#play');
  await page.keyboard.press('Enter');
  await page.waitForFunction((at) => window.playground.state().iteration > at, {}, paused + 1);
  await page.focus('#pause');
  await page.keyboard.press('Space');
  await sleep(50);
  check(!(await state()).playing, 'Enter on Play plays, Space on Pause pauses');

  // 4. Drag point 1 at the run's end: the run replays on the new data, the boundary moves,
  // and every prediction is the library's predict for the neuron shown.
  await goto('#seed=3346&run=1');
  const before = await state();
  const [fx, fy] = await page.evaluate(() => window.playground.toClient(3, 1.5));
  const [tx, ty] = await page.evaluate(() => window.playground.toClient(1.5, 3.5));
  await page.mouse.move(fx, fy);
  await page.mouse.down();
  await page.mouse.move((fx + tx) / 2, (fy + ty) / 2, { steps: 4 });
  await page.mouse.move(tx, ty, { steps: 4 });
  await page.mouse.up();
  await sleep(50);
  s = await state();
  const moved = s.points[0];
  check(Math.abs(moved[0] - 1.5) < 0.05 && Math.abs(moved[1] - 3.5) < 0.05 && moved[2] === 0,
    'the dragged point follows the pointer', JSON.stringify(moved));
  check(s.iteration === 1000, 'the run replays to its end on the new data');
  sameRun(s, reference({ seed: 3346, points: pointsFlag(s.points) }), 'after the drag');
  check(s.weights[0] !== before.weights[0] && s.bias !== before.bias, 'the weights changed');
  const predicted = referencePredict(s.saved, s.points);
  check(predicted.every((p, i) => Math.abs(p - s.predictions[i]) <= 1e-12),
    'every prediction is the library\'s predict', `${s.predictions} vs ${predicted}`);
  check(s.boundary && JSON.stringify(s.boundary) !== JSON.stringify(before.boundary), 'the boundary moved');
  const onBoundary = referencePredict(s.saved, s.boundary);
  check(onBoundary.every((p) => Math.abs(p - 0.5) < 1e-9), 'the boundary is where predict is 0.5',
    String(onBoundary));
  const table = await page.$$eval('#points tbody tr', (rows) => rows.map((r) => r.cells[4].textContent));
  check(table.every((t, i) => t === s.predictions[i].toFixed(3)), 'the table shows the predictions');
  check((await page.evaluate(() => location.hash)).includes('points=1.5,3.5,0;'), 'the URL holds the points');

  // 5. Click to add a point of class 1; flip it; remove it.
  await page.click('input[name="new-class"][value="1"]');
  const [ax, ay] = await page.evaluate(() => window.playground.toClient(0.5, 3));
  await page.mouse.click(ax, ay);
  await sleep(50);
  s = await state();
  const added = s.points[s.points.length - 1];
  check(s.points.length === 9 && added[2] === 1 && Math.abs(added[0] - 0.5) < 0.05, 'a click adds a point',
    JSON.stringify(added));
  await click('#points tbody tr:nth-child(9) td:nth-child(4) button');
  s = await state();
  check(s.points[8][2] === 0, 'the table flips a label');
  await click('#points tbody tr:nth-child(9) td:nth-child(6) button');
  s = await state();
  check(s.points.length === 8, 'the table removes a point');

  // The keyboard: focusing a row selects its point, the arrow keys on the plane move it.
  await goto('#seed=3346&run=1');
  await page.focus('#points tbody tr:nth-child(3) input');
  await page.focus('#plane');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.down('Shift');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.up('Shift');
  s = await state();
  check(s.points[2][0] === 4.1 && s.points[2][1] === 2.5, 'the arrow keys move the selected point',
    JSON.stringify(s.points[2]));

  // 6. Bad input: a message, and nothing changes.
  await goto('#seed=3346&run=1');
  const good = await state();
  const unchanged = async (what) => {
    const now = await state();
    check(now.saved === good.saved && JSON.stringify(now.points) === JSON.stringify(good.points) &&
      now.iteration === good.iteration, `${what}: nothing changed`);
    return now;
  };
  await setField('rate', '0');
  s = await unchanged('learning rate 0');
  check(s.message.includes('learning rate is 0, expected a finite value > 0'), 'learning rate 0: the library\'s message', s.message);
  await setField('rate', 'abc');
  s = await unchanged('text as the learning rate');
  check(s.message.includes("'abc' is not a number"), 'text as the learning rate: a message', s.message);
  await setField('rate', '0.01');
  s = await state();
  check(s.message === '', 'a good value clears the message', s.message);
  for (const row of [2, 4, 6]) await click(`#points tbody tr:nth-child(${row}) td:nth-child(4) button`);
  await click('#points tbody tr:nth-child(7) td:nth-child(4) button');
  s = await state();
  check(s.message.includes('every point has target 0, expected points of both classes') &&
    s.points[6][2] === 1, 'one class only: refused with a message', s.message);
  await goto('#seed=3346&run=1&points=');
  s = await state();
  check(s.message.includes('samples have 0 rows, expected at least 1'), 'no points: the library\'s message', s.message);

  // 7. Divergence (cross-entropy's gradient does not vanish when σ saturates, so a huge step
  // overflows): a clear message at the library's iteration, never NaN.
  await goto('#seed=3346&loss=cross_entropy&run=1');
  await setField('rate', '1e308');
  s = await state();
  console.log(`divergence: ${s.message}`);
  const diverged = reference({ seed: 3346, loss: 'cross_entropy', rate: 1e308 }).diverged;
  check(s.diverged && s.message.includes(`diverged at iteration ${diverged} with learning rate 1e+308`),
    `a diverging rate shows the message, at the library's iteration ${diverged}`, s.message);
  const body = await text();
  check(!/NaN|Infinity/.test(body), 'no NaN or Infinity on the page');
  await page.screenshot({ path: path.join(args.out, 'playground-diverged.png') });

  // 8. Cross-entropy, with batches of 3 and with full batches, against the library.
  await goto('#seed=5&loss=cross_entropy&batch=3&rate=0.05&iterations=400&record=7&run=1');
  sameRun(await state(), reference({ seed: 5, loss: 'cross_entropy', batch: 3, rate: 0.05, iterations: 400,
    'record-every': 7 }), 'cross-entropy, batches of 3');
  await goto('#seed=5&loss=cross_entropy&batch=0&rate=0.05&iterations=400&record=50&run=1');
  sameRun(await state(), reference({ seed: 5, loss: 'cross_entropy', batch: 0, rate: 0.05, iterations: 400,
    'record-every': 50 }), 'cross-entropy, full batch', false);

  // 9. A phone: 360 px wide, nothing wider than the screen.
  await page.setViewport({ width: 360, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await goto('#seed=3346&run=1');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 360, 'readable at 360 px: no sideways scrolling', `${width} px`);
  await page.screenshot({ path: path.join(args.out, 'playground-phone.png'), fullPage: true });

  // 10. Served over HTTP (from this machine), the page works the same.
  const server = http.createServer((req, res) => {
    const file = path.join(pageDir, path.basename(decodeURIComponent(req.url.split(/[?#]/)[0])) || 'index.html');
    const types = { '.html': 'text/html', '.css': 'text/css', '.js': 'text/javascript' };
    fs.readFile(file, (err, data) => {
      res.writeHead(err ? 404 : 200, { 'Content-Type': types[path.extname(file)] || 'text/plain' });
      res.end(err ? '' : data);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto('about:blank');
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html#seed=3346&run=1`);
    await page.waitForFunction(() => window.playground && window.playground.ready);
    sameRun(await state(), tutorial, 'served over HTTP');
  } finally {
    server.close();
  }

  check(errors.length === 0, 'no script errors or failed requests', errors.join('; '));
  const sorted = loads.slice().sort((a, b) => a - b);
  console.log(`load to first picture: first ${loads[0].toFixed(0)} ms (a cold browser), median of ` +
    `${loads.length} ${sorted[loads.length >> 1].toFixed(0)} ms (reported, not asserted)`);
}

main().then(() => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}, (e) => {
  console.log(`FAILED: ${e.stack || e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
