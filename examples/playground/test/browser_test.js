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

/// One Neuron::train call, then Neuron::fit with `fit: 1`: {records: [{iteration, error}], error,
/// squaredError, accuracy, parameters, lowest, fit: [status, steps], saved}.
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
  const fitLine = lines.find((l) => l.startsWith('fit '));
  return { records, error: value('error'), squaredError: value('squared_error'), accuracy: value('accuracy'),
    parameters, lowest: value('lowest'), fit: fitLine ? fitLine.split(' ').slice(1) : null, saved };
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
    timeout: 0, // no time limit of ours, here or for waits (setDefaultTimeout): ctest's TIMEOUT stops a hang
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
  page.setDefaultTimeout(0); // a slow or busy machine waits longer, it does not fail
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
  // The words: the record after iteration 900 and the error after the last iteration, each with
  // its loss; the progress counts iterations done, so no "iteration 999" beside "1000 of 1000".
  const words = async (id) => page.$eval(`#${id}`, (el) => el.textContent.replace(/\s+/g, ' ').trim());
  check(await words('last-record') === 'The record after iteration 900: squared error 2.2291',
    'the last record is named "the record after iteration 900"', await words('last-record'));
  check(await words('final') === `The error after the last iteration: squared error ${tutorial.error.toFixed(4)}` &&
    tutorial.error.toFixed(4) === '2.2058', 'the final error is named "the error after the last iteration": 2.2058',
    await words('final'));
  check(await words('progress') === '1000 of 1000 iterations (done)', 'the progress counts iterations done',
    await words('progress'));
  check(!(await text()).includes('iteration 999'), 'no "iteration 999" label on the page');
  check(await words('error-now-label') === 'squared error' && await words('error-now') === tutorial.error.toFixed(4),
    'the error now names its loss');
  check(Math.abs(s.accuracy - tutorial.accuracy) === 0, 'accuracy as the library computes it');
  check(s.baseline === 2, 'the 0.5 baseline of 8 points is 2');
  // The lowest reachable error is there at once (fit), in headless Chromium too.
  const lowestShown = await words('lowest');
  check(Math.abs(s.lowest.error - tutorial.lowest) <= 1e-9 && lowestShown.startsWith('1.8838 at w = (0.1335, 0.4076), b = -0.9958'),
    'the lowest reachable error is shown at load, as the native library finds it', `${lowestShown} vs ${tutorial.lowest}`);
  check(s.lowest.error < last.error, 'the lowest reachable error is below the run\'s', String(s.lowest.error));
  check((await page.$eval('#saved', (el) => el.value)).trim() === tutorial.saved.trim(),
    'the export is the library\'s save format of the trained neuron');

  // 2. Reset, play, pause, step: wherever play stopped, the page equals one train call.
  await click('#reset');
  s = await state();
  check(s.iteration === 0 && s.records.length === 0, 'Reset returns to iteration 0');
  // Play, then Pause two frames later, both inside the page: a whole run takes 180 frames, so
  // it stops part way however slow or busy the machine (clicks sent from here, with the wait
  // between them, let a stalled machine reach the end first).
  const paused = await page.evaluate(async () => {
    document.getElementById('play').click();
    for (let k = 0; k < 2; ++k) await new Promise((resolve) => requestAnimationFrame(resolve));
    document.getElementById('pause').click();
    return window.playground.state().iteration;
  });
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
  await page.evaluate(() => window.scrollTo(0, 0)); // the click scrolled the radio button into view
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

  // 9. Cross-entropy names its loss, with the squared error beside it (what eight_points reports).
  await goto('#seed=3346&loss=cross_entropy&run=1');
  const ceRun = reference({ seed: 3346, loss: 'cross_entropy' });
  s = await state();
  sameRun(s, ceRun, 'seed 3346, cross-entropy');
  const ceFinal = `The error after the last iteration: cross-entropy ${ceRun.error.toFixed(4)}, squared error ` +
    `${ceRun.squaredError.toFixed(4)}`;
  check(await words('final') === ceFinal, 'cross-entropy: the final error with the squared error beside it',
    `${await words('final')} vs ${ceFinal}`);
  check(await words('error-now-label') === 'cross-entropy' && await words('squared-now') === ceRun.squaredError.toFixed(4),
    'cross-entropy: the readouts name both losses');
  check(await words('records-title') === 'Recorded cross-entropy', 'the records name their loss');

  // 10. Newton's method. The Fit button, from where seed 3346's cross-entropy run ends, steps to
  // the optimum, drawing each step; fit=1 in the URL does the same at once, from the random start.
  const ceFit = reference({ seed: 3346, loss: 'cross_entropy', fit: 1 });
  const optimumShown = async () => [await words('w1'), await words('w2'), await words('bias')].join(' ');
  const sameFit = (page, ref, what) => {
    const parameters = [...page.weights, page.bias];
    check(parameters.every((v, k) => Math.abs(v - ref.parameters[k]) <= 1e-9), `${what}: the native fit's neuron`,
      `${parameters} vs ${ref.parameters}`);
  };
  await click('#newton-step');
  s = await state();
  check(s.fit.steps.length === 1 && s.fit.total === Number(ceFit.fit[1]) &&
    (await words('progress')).endsWith(`Newton's method: step 1 of ${ceFit.fit[1]}`), 'Newton step takes one step',
    await words('progress'));
  const drawsBefore = s.landscape.draws;
  await click('#fit');
  await page.waitForFunction(() => !window.playground.state().fit.animating, { timeout: 20000 });
  s = await state();
  check(s.fit.steps.length === s.fit.total && s.fit.status === ceFit.fit[0] && s.landscape.draws > drawsBefore + 1,
    'Fit steps to the end, redrawing each step', JSON.stringify(s.fit));
  check(await optimumShown() === '0.122886 0.488430 -1.023541', 'Fit reaches the cross-entropy optimum',
    await optimumShown());
  sameFit(s, ceFit, 'Fit after the cross-entropy run');
  check((await page.evaluate(() => location.hash)).includes('fit=1'), 'a finished fit is fit=1 in the URL');
  check(s.fit.steps.every((f, k) => k === 0 || f.objective <= s.fit.steps[k - 1].objective),
    'every Newton step lowers the objective');
  const newtonShown = await page.$$eval('#newton-list li', (items) => items.map((li) => li.textContent));
  check(JSON.stringify(newtonShown) === JSON.stringify(s.fit.steps.map((f, k) => `${k + 1}: ${f.objective.toFixed(4)}`)) &&
    await words('newton-title') === 'Newton\'s steps: cross-entropy after each',
    'the objective after each Newton step is listed', newtonShown.join(' | '));
  await page.screenshot({ path: path.join(args.out, 'playground-fit.png') });

  await goto('#seed=3346&loss=cross_entropy&fit=1');
  s = await state();
  check(await optimumShown() === '0.122886 0.488430 -1.023541' && s.iteration === 0,
    '#seed=3346&loss=cross_entropy&fit=1 shows the cross-entropy optimum', await optimumShown());
  sameFit(s, reference({ seed: 3346, loss: 'cross_entropy', iterations: 0, fit: 1 }), 'fit=1 from the random start');

  // The squared error's lowest value from the zero neuron, by the button and by the URL.
  const zeroFit = reference({ start: 'zero', iterations: 0, fit: 1 });
  for (const how of ['button', 'url']) {
    await goto(how === 'url' ? '#seed=3346&start=zero&fit=1' : '#seed=3346&start=zero');
    if (how === 'button') {
      await click('#fit');
      await page.waitForFunction(() => !window.playground.state().fit.animating, { timeout: 20000 });
    }
    s = await state();
    check(s.error.toFixed(4) === '1.8838' && await words('error-now') === '1.8838' &&
      s.weights[0].toFixed(4) === '0.1335' && s.weights[1].toFixed(4) === '0.4076' && s.bias.toFixed(4) === '-0.9958',
      `squared error from the zero neuron (${how}): 1.8838 at w = (0.1335, 0.4076), b = -0.9958`,
      `${s.error} ${s.weights} ${s.bias}`);
    sameFit(s, zeroFit, `squared error from the zero neuron (${how})`);
  }

  // Points one line separates: no minimum, said in plain words. (The cross-entropy's fit: the squared
  // error's, from this start, stalls on a plateau, one point saturated on its wrong side.)
  await goto('#seed=3346&loss=cross_entropy&points=0,0,0;1,0,0;3,3,1;4,3,1&fit=1');
  s = await state();
  const note = await page.$eval('#fit-note', (el) => (el.hidden ? '' : el.textContent));
  check(s.fit.status === 'no_minimum' && note.startsWith('No minimum: one straight line puts every point on its side'),
    'no_minimum is explained on the page', `${s.fit.status}: ${note}`);

  // 11. The landscape: drawn at load, redrawn on a drag, the redraw timed (reported, not asserted).
  await goto('#seed=3346&run=1&landscape=both');
  const pixels = () => page.$eval('#landscape', (c) => c.toDataURL());
  const landscapeBefore = await pixels();
  s = await state();
  check(s.landscape.draws >= 1 && s.path === 1001, 'the landscape is drawn, with the run\'s path of 1001 neurons',
    JSON.stringify(s.landscape));
  const dragsBefore = s.landscape.draws;
  const [gx, gy] = await page.evaluate(() => window.playground.toClient(5.5, 1));
  await page.mouse.move(gx, gy);
  await page.mouse.down();
  const edits = [];
  for (let k = 1; k <= 10; ++k) {
    await page.mouse.move(gx - 12 * k, gy - 6 * k);
    edits.push((await state()).landscape);
  }
  await page.mouse.up();
  s = await state();
  check(s.landscape.draws >= dragsBefore + 10 && await pixels() !== landscapeBefore,
    'the landscape is redrawn as a point is dragged', `${dragsBefore} then ${s.landscape.draws}`);
  const median = (v) => v.slice().sort((a, b) => a - b)[v.length >> 1];
  console.log(`drag, both landscapes: landscape redraw median ${median(edits.map((e) => e.ms)).toFixed(1)} ms, ` +
    `whole edit (replay of 1000 iterations, every picture) median ${median(edits.map((e) => e.editMs)).toFixed(1)} ms ` +
    '(reported, not asserted)');

  // 12. The layout. At 1280 × 800 the controls, the plane, the landscape and the curve are on the
  // first screen; at 390 × 844 and 360 × 740 nothing is wider than the screen.
  const boxes = () => page.evaluate(() => Object.fromEntries(['play', 'fit', 'newton-step', 'plane', 'landscape',
    'curve', 'progress'].map((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return [id, { left: r.left, top: r.top, right: r.right, bottom: r.bottom }];
  })));
  await page.setViewport({ width: 1280, height: 800 });
  await goto('#seed=3346&run=1');
  let b = await boxes();
  const offScreen = Object.entries(b).filter(([, r]) => r.left < 0 || r.top < 0 || r.right > 1280 || r.bottom > 800);
  check(offScreen.length === 0, '1280 x 800: controls, plane, landscape and curve visible without scrolling',
    JSON.stringify(offScreen));
  check(b.plane.top < b.curve.top && b.landscape.top < b.curve.top && b.plane.right <= b.landscape.left,
    '1280 x 800: the plane and the landscape side by side above the curve', JSON.stringify(b));
  await page.screenshot({ path: path.join(args.out, 'playground-desktop.png') });
  for (const [w, h, name] of [[390, 844, 'playground-phone.png'], [360, 740, null]]) {
    await page.setViewport({ width: w, height: h, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await goto('#seed=3346&run=1&loss=cross_entropy&fit=1');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    check(width <= w, `${w} x ${h}: no sideways scrolling`, `${width} px`);
    b = await boxes();
    check(Object.values(b).every((r) => r.left >= 0 && r.right <= w), `${w} x ${h}: every picture and control fits the width`,
      JSON.stringify(b));
    check(b.plane.bottom <= b.landscape.top && b.landscape.bottom <= b.curve.top && b.landscape.right - b.landscape.left > w * 0.8,
      `${w} x ${h}: plane, landscape and curve one above the other, each nearly the screen's width`);
    if (name) await page.screenshot({ path: path.join(args.out, name), fullPage: true });
  }

  // 13. Served over HTTP (from this machine), the page works the same.
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
