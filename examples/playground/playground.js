// SPDX-License-Identifier: MIT
// The playground page: plain JavaScript over tinyneuron_wasm.js (playground.cpp). The module
// holds the data, the settings and the run; this file draws them, reads the controls and keeps
// the whole state in the URL hash (seed, settings, points, how far the run went).
'use strict';

const TUTORIAL = [[3, 1.5, 0], [2, 1, 1], [4, 1.5, 0], [3, 4, 1], [3.5, 0.5, 0], [2, 0.5, 1],
  [5.5, 1, 1], [1, 1, 0]];
const DEFAULTS = { rate: 0.01, iterations: 1000, record: 100, loss: 'squared_error', batch: 1, seed: 3346,
  start: 'random' };
const LOSSES = ['squared_error', 'cross_entropy'];
const LOSS_NAMES = { squared_error: 'squared error', cross_entropy: 'cross-entropy' };
const STARTS = ['random', 'zero'];
const LANDSCAPES = ['training', 'squared_error', 'cross_entropy', 'both'];
const COLORS = { red: '#d62728', green: '#2ca02c', blue: '#1f3fbf', ink: '#1d1d1f', grid: '#e6e8eb',
  orange: '#e8590c' };
const FRAMES_PER_RUN = 180; // Play shows a whole run in about three seconds at 60 frames/s
const PLANE_RATIO = 0.66; // height / width of the plane and the landscape
const NEWTON_MS = 450; // Fit shows one Newton step this often
// The landscape costs cells × points evaluations of the loss, about 25 ns each in the module
// (measured in headless Chromium); this many per redraw keeps a redraw near 15 ms, so cells grow
// coarser beyond about 60 points.
const LANDSCAPE_BUDGET = 600000;
const FIT_STATUS = ['converged', 'max_iterations', 'no_minimum', 'stopped', 'stalled'];
const ALL = 1e9; // "every step of the fit"

const $ = (id) => document.getElementById(id);

// ---- the module's functions, wrapped ----

let M = null;
const wasm = {};

function bind(module) {
  M = module;
  const str = (f) => () => M.UTF8ToString(f());
  Object.assign(wasm, {
    setOptions: M._pg_set_options, reset: M._pg_reset, step: M._pg_step, iteration: M._pg_iteration,
    diverged: M._pg_diverged, recordCount: M._pg_record_count, recordIteration: M._pg_record_iteration,
    recordError: M._pg_record_error, weight: M._pg_weight, bias: M._pg_bias, error: M._pg_error,
    errorOf: (loss) => M._pg_error_of(LOSSES.indexOf(loss)), accuracy: M._pg_accuracy, baseline: M._pg_baseline,
    fit: M._pg_fit, fitCount: M._pg_fit_count, fitStatus: M._pg_fit_status,
    message: str(M._pg_message), saved: str(M._pg_saved),
  });
}

/// Calls `f` with a scratch array of `n` doubles in the module's memory.
function withDoubles(n, f) {
  const ptr = M._malloc(Math.max(1, n) * 8);
  try {
    return f(ptr, () => M.HEAPF64.subarray(ptr / 8, ptr / 8 + n));
  } finally {
    M._free(ptr);
  }
}

function setData(points) {
  return withDoubles(points.length * 3, (ptr, view) => {
    view().set(points.flat());
    return M._pg_set_data(ptr, points.length);
  });
}

/// The run's path as [[w1, w2, b], ...], from its start.
function runPath() {
  const n = M._pg_path_count();
  return withDoubles(3 * n, (ptr, view) => {
    M._pg_path(ptr);
    const v = view();
    return Array.from({ length: n }, (_, k) => [v[3 * k], v[3 * k + 1], v[3 * k + 2]]);
  });
}

/// The fit's steps as [{w: [w1, w2], b, objective}, ...].
function fitPath() {
  const n = wasm.fitCount();
  return withDoubles(4 * n, (ptr, view) => {
    M._pg_fit_path(ptr);
    const v = view();
    return Array.from({ length: n }, (_, k) => ({ w: [v[4 * k], v[4 * k + 1]], b: v[4 * k + 2], objective: v[4 * k + 3] }));
  });
}

/// The lowest error with `loss` and its neuron: {error, w: [w1, w2], b, status}.
function optimum(loss) {
  return withDoubles(5, (ptr, view) => {
    if (M._pg_optimum(LOSSES.indexOf(loss), ptr) !== 0) return null;
    const v = view();
    return { error: v[0], w: [v[1], v[2]], b: v[3], status: FIT_STATUS[v[4]] };
  });
}

function predictions() {
  return withDoubles(state.points.length, (ptr, view) => {
    M._pg_predictions(ptr);
    return Array.from(view());
  });
}

// ---- state ----

const state = {
  settings: { ...DEFAULTS },
  points: TUTORIAL.map((p) => p.slice()),
  playing: false,
  selected: -1,
  view: null, // the data rectangle the plane shows
  records: [], // [{iteration, error}], mirrored from the module
  fit: 0, // Newton steps to show after the run: 0, k, or ALL
  fitShown: 0, // how many the module shows
  fitTimer: null,
  landscape: 'training',
  landscapeDraws: 0, // for the browser test: redraws, and the last one's milliseconds
  landscapeMs: 0,
  editMs: NaN, // the last edit of the points: replay, fit and every picture
};

function fmt(value, digits) {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function showMessage(text) {
  const box = $('message');
  box.textContent = text;
  box.hidden = !text;
}

// ---- URL hash: every setting, the points when not the tutorial's, and the progress ----

function isTutorial(points) {
  return points.length === TUTORIAL.length &&
    points.every((p, i) => p.every((v, k) => v === TUTORIAL[i][k]));
}

function writeHash() {
  const s = state.settings;
  const parts = [`seed=${s.seed}`, `rate=${s.rate}`, `iterations=${s.iterations}`,
    `record=${s.record}`, `loss=${s.loss}`, `batch=${s.batch}`];
  if (s.start !== DEFAULTS.start) parts.push(`start=${s.start}`);
  if (state.landscape !== 'training') parts.push(`landscape=${state.landscape}`);
  if (!isTutorial(state.points)) {
    parts.push('points=' + state.points.map((p) => p.join(',')).join(';'));
  }
  const at = wasm.iteration();
  if (at >= s.iterations && s.iterations > 0) {
    parts.push('run=1');
  } else if (at > 0) {
    parts.push(`at=${at}`);
  }
  if (state.fit === ALL) parts.push('fit=1');
  else if (state.fit > 0) parts.push(`fit_steps=${state.fit}`);
  const hash = '#' + parts.join('&');
  if (location.hash !== hash) {
    history.replaceState(null, '', hash);
  }
}

/// The state a hash describes, or a message naming what is wrong with it.
function readHash(hash) {
  const fields = new URLSearchParams(hash.replace(/^#/, ''));
  const raw = {
    rate: fields.get('rate') ?? String(DEFAULTS.rate),
    iterations: fields.get('iterations') ?? String(DEFAULTS.iterations),
    record: fields.get('record') ?? String(DEFAULTS.record),
    loss: fields.get('loss') ?? DEFAULTS.loss,
    batch: fields.get('batch') ?? String(DEFAULTS.batch),
    seed: fields.get('seed') ?? String(DEFAULTS.seed),
    start: fields.get('start') ?? DEFAULTS.start,
  };
  const settings = parseSettings(raw);
  if (typeof settings === 'string') return { error: 'The link: ' + settings };
  let points = TUTORIAL.map((p) => p.slice());
  if (fields.has('points')) {
    points = fields.get('points').split(';').filter((s) => s !== '').map((s) => s.split(',').map(Number));
    if (points.some((p) => p.length !== 3 || p.some((v) => !Number.isFinite(v)))) {
      return { error: 'The link: points must be x1,x2,target triples separated by ;' };
    }
  }
  let at = 0;
  if (fields.get('run') === '1') at = settings.iterations;
  else if (fields.has('at')) at = Math.min(parseWhole(fields.get('at')) || 0, settings.iterations);
  let fit = 0;
  if (fields.get('fit') === '1') fit = ALL;
  else if (fields.has('fit_steps')) fit = parseWhole(fields.get('fit_steps')) || 0;
  const landscape = fields.get('landscape') ?? 'training';
  if (!LANDSCAPES.includes(landscape)) return { error: `The link: landscape: '${landscape}' is not one of ${LANDSCAPES.join(', ')}` };
  return { settings, points, at, fit, landscape };
}

// ---- settings: read, checked here for the form of the text, by the library for the rest ----

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const WHOLE = /^\s*\d+\s*$/;

function parseWhole(text) {
  return WHOLE.test(text) ? Number(text) : NaN;
}

/// Settings from the fields' texts, or a message naming the first bad one.
function parseSettings(raw) {
  if (!NUMBER.test(raw.rate)) return `learning rate: '${raw.rate}' is not a number`;
  const wholes = { iterations: 'iterations', record: 'record every', batch: 'batch size', seed: 'seed' };
  const out = { rate: Number(raw.rate), loss: raw.loss, start: raw.start };
  for (const [key, name] of Object.entries(wholes)) {
    const v = parseWhole(raw[key]);
    if (!Number.isSafeInteger(v)) return `${name}: '${raw[key]}' is not a whole number >= 0`;
    out[key] = v;
  }
  if (!LOSSES.includes(raw.loss)) return `loss: '${raw.loss}' is not squared_error or cross_entropy`;
  if (!STARTS.includes(raw.start)) return `start: '${raw.start}' is not random or zero`;
  return out;
}

function readForm() {
  return {
    rate: $('rate').value, iterations: $('iterations').value, record: $('record').value,
    loss: $('loss').value, batch: $('batch').value, seed: $('seed').value, start: $('start').value,
  };
}

function fillForm() {
  const s = state.settings;
  $('rate').value = s.rate;
  $('iterations').value = s.iterations;
  $('record').value = s.record;
  $('loss').value = s.loss;
  $('batch').value = s.batch;
  $('seed').value = s.seed;
  $('start').value = s.start;
  $('landscape-loss').value = state.landscape;
  for (const id of ['rate', 'iterations', 'record', 'batch', 'seed']) $(id).removeAttribute('aria-invalid');
}

function sendOptions(s) {
  return wasm.setOptions(s.rate, s.iterations, s.record, LOSSES.indexOf(s.loss), s.batch) === 0;
}

/// Applies settings and points (either may be null: unchanged), then replays the run from its
/// seed to iteration `at`. A refusal shows its message and changes nothing.
function apply(settings, points, at) {
  const oldSettings = state.settings;
  const oldPoints = state.points;
  if (points && setData(points) !== 0) {
    showMessage(wasm.message());
    return false;
  }
  if (settings && !sendOptions(settings)) {
    showMessage(wasm.message());
    if (points) setData(oldPoints);
    return false;
  }
  state.settings = settings || oldSettings;
  state.points = points || oldPoints;
  showMessage('');
  const fit = state.fit; // the replay drops the fit; the same steps are shown on the new run
  replay(at);
  showFit(fit);
  return true;
}

/// A fresh run from the seed, trained to iteration `at` at once.
function replay(at) {
  stopFitting();
  state.fit = 0;
  state.fitShown = 0;
  wasm.reset(state.settings.seed, state.settings.start === 'zero' ? 1 : 0);
  state.records = [];
  $('records').textContent = '';
  train(at);
}

// ---- Newton's method: Neuron::fit from the run's neuron, one step at a time ----

/// Shows `steps` steps of the fit (ALL: every one); what the module cannot show is not kept.
function showFit(steps) {
  state.fit = steps;
  state.fitShown = 0;
  if (steps > 0) {
    const shown = wasm.fit(steps);
    if (shown < 0) {
      showMessage(wasm.message().replace(/^tinyneuron::/, ''));
      state.fit = 0;
    } else {
      state.fitShown = shown;
      if (steps !== ALL && shown < steps) state.fit = shown;
    }
  }
}

function fitDone() {
  return state.fitShown > 0 && state.fitShown >= wasm.fitCount() || (state.fit > 0 && wasm.fitCount() === 0);
}

function stopFitting() {
  if (state.fitTimer) clearInterval(state.fitTimer);
  state.fitTimer = null;
}

/// One more Newton step; at the last, the fit counts as done (fit=1 in the URL).
function newtonStep() {
  if (fitDone()) return false;
  showFit(state.fitShown + 1);
  if (state.fitShown >= wasm.fitCount()) state.fit = ALL; // the last step, or none to take
  writeHash();
  render();
  return !fitDone();
}

/// Fit: Newton's steps one after another, each drawn, to the end.
function startFitting() {
  setPlaying(false);
  stopFitting();
  if (newtonStep()) {
    state.fitTimer = setInterval(() => {
      if (!newtonStep()) stopFitting();
    }, NEWTON_MS);
  }
}

/// Trains `n` more iterations; shows divergence as a message and stops playing.
function train(n) {
  if (n > 0) {
    state.fit = 0;
    state.fitShown = 0;
  }
  if (n > 0 && wasm.step(n) < 0) {
    showMessage(wasm.message().replace(/^tinyneuron::/, ''));
    setPlaying(false);
  }
  syncRecords();
}

function syncRecords() {
  const count = wasm.recordCount();
  const list = $('records');
  const items = [];
  for (let i = state.records.length; i < count; ++i) {
    const r = { iteration: wasm.recordIteration(i), error: wasm.recordError(i) };
    state.records.push(r);
    const li = document.createElement('li');
    li.textContent = `${r.iteration}: ${fmt(r.error, 4)}`;
    items.push(li);
  }
  list.append(...items);
  if (items.length) list.scrollTop = list.scrollHeight;
}

// ---- the run ----

function runEnded() {
  return wasm.iteration() >= state.settings.iterations || wasm.diverged() === 1;
}

function setPlaying(on) {
  if (on) {
    stopFitting();
    state.fit = 0;
    state.fitShown = 0;
  }
  if (on && wasm.iteration() >= state.settings.iterations && !wasm.diverged()) replay(0); // again
  state.playing = on && !runEnded();
  $('play').setAttribute('aria-pressed', String(state.playing));
  $('pause').setAttribute('aria-pressed', 'false');
  if (!state.playing) writeHash();
  render();
}

function frame() {
  if (state.playing) {
    train(Math.max(1, Math.ceil(state.settings.iterations / FRAMES_PER_RUN)));
    if (runEnded()) setPlaying(false);
    else render();
  }
  requestAnimationFrame(frame);
}

// ---- drawing ----

/// Fits the view to the points and the origin, with a margin, at the canvas's aspect ratio.
function fitView() {
  const xs = state.points.map((p) => p[0]).concat([0]);
  const ys = state.points.map((p) => p[1]).concat([0]);
  let x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const pad = 0.12 * Math.max(x1 - x0, y1 - y0, 1);
  x0 -= pad; x1 += pad; y0 -= pad; y1 += pad;
  const canvas = $('plane');
  const aspect = canvas.width / canvas.height;
  if ((x1 - x0) / (y1 - y0) < aspect) {
    const grow = (aspect * (y1 - y0) - (x1 - x0)) / 2;
    x0 -= grow; x1 += grow;
  } else {
    const grow = ((x1 - x0) / aspect - (y1 - y0)) / 2;
    y0 -= grow; y1 += grow;
  }
  state.view = { x0, x1, y0, y1 };
}

function sizeCanvas(canvas, cssHeightRatio) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientWidth * cssHeightRatio * ratio);
  if (width > 0 && (canvas.width !== width || canvas.height !== height)) {
    canvas.width = width;
    canvas.height = height;
  }
  return ratio;
}

function planeTransform() {
  const canvas = $('plane');
  const v = state.view;
  const sx = canvas.width / (v.x1 - v.x0);
  const sy = canvas.height / (v.y1 - v.y0);
  return {
    toPx: (x, y) => [(x - v.x0) * sx, canvas.height - (y - v.y0) * sy],
    toData: (px, py) => [v.x0 + px / sx, v.y0 + (canvas.height - py) / sy],
  };
}

function arrow(ctx, from, to, color, width) {
  const [ax, ay] = from, [bx, by] = to;
  const angle = Math.atan2(by - ay, bx - ax);
  const head = 4 * width + 4;
  ctx.strokeStyle = ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(bx - head * 0.7 * Math.cos(angle), by - head * 0.7 * Math.sin(angle));
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(bx, by);
  ctx.lineTo(bx - head * Math.cos(angle - 0.4), by - head * Math.sin(angle - 0.4));
  ctx.lineTo(bx - head * Math.cos(angle + 0.4), by - head * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}

/// The part of the line w1·x + w2·y + b = 0 inside the view, as two data points, or null.
function boundary() {
  const w1 = wasm.weight(0), w2 = wasm.weight(1), b = wasm.bias();
  const v = state.view;
  const hits = [];
  if (w2 !== 0) {
    for (const x of [v.x0, v.x1]) {
      const y = -(w1 * x + b) / w2;
      if (y >= v.y0 && y <= v.y1) hits.push([x, y]);
    }
  }
  if (w1 !== 0) {
    for (const y of [v.y0, v.y1]) {
      const x = -(w2 * y + b) / w1;
      if (x > v.x0 && x < v.x1) hits.push([x, y]);
    }
  }
  return hits.length >= 2 ? [hits[0], hits[1]] : null;
}

const shadeCells = { nx: 96, ny: 72 };
const shadeCanvas = document.createElement('canvas');

/// Red (0) through white (0.5) to green (1), as in the tutorial's picture: 256 RGBA steps.
const SHADES = (() => {
  const lo = [244, 176, 170], mid = [255, 255, 255], hi = [168, 219, 160];
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; ++i) {
    const p = i / 255;
    const [a, b, t] = p < 0.5 ? [lo, mid, p * 2] : [mid, hi, p * 2 - 1];
    for (let k = 0; k < 3; ++k) table[4 * i + k] = Math.round(a[k] + (b[k] - a[k]) * t);
    table[4 * i + 3] = 255;
  }
  return table;
})();

function drawPlane() {
  const canvas = $('plane');
  const ratio = sizeCanvas(canvas, PLANE_RATIO);
  if (!state.view || state.viewAspect !== canvas.width / canvas.height) {
    fitView();
    state.viewAspect = canvas.width / canvas.height;
  }
  const ctx = canvas.getContext('2d');
  const v = state.view;
  const { toPx } = planeTransform();
  const { nx, ny } = shadeCells;
  const dx = (v.x1 - v.x0) / nx, dy = (v.y1 - v.y0) / ny;

  // Shading: the library's predictions over a grid, row 0 at the top.
  shadeCanvas.width = nx;
  shadeCanvas.height = ny;
  const sctx = shadeCanvas.getContext('2d');
  const image = sctx.createImageData(nx, ny);
  withDoubles(nx * ny, (ptr, view) => {
    if (M._pg_predict_grid(v.x0 + dx / 2, v.y1 - dy / 2, dx, -dy, nx, ny, ptr) !== 0) return;
    const p = view();
    const data = image.data;
    for (let k = 0; k < nx * ny; ++k) {
      const at = 4 * Math.round(p[k] * 255);
      data[4 * k] = SHADES[at];
      data[4 * k + 1] = SHADES[at + 1];
      data[4 * k + 2] = SHADES[at + 2];
      data[4 * k + 3] = 255;
    }
  });
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(shadeCanvas, 0, 0, canvas.width, canvas.height);

  // Axes through the origin, with whole-number ticks.
  ctx.lineWidth = ratio;
  ctx.strokeStyle = '#8a8f96';
  ctx.fillStyle = '#5f6368';
  ctx.font = `${12 * ratio}px system-ui, sans-serif`;
  const [ox, oy] = toPx(0, 0);
  ctx.beginPath();
  ctx.moveTo(0, oy); ctx.lineTo(canvas.width, oy);
  ctx.moveTo(ox, 0); ctx.lineTo(ox, canvas.height);
  ctx.stroke();
  const step = Math.max(1, Math.ceil((v.x1 - v.x0) / 10));
  for (let x = Math.ceil(v.x0 / step) * step; x <= v.x1; x += step) {
    if (x === 0) continue;
    const [px] = toPx(x, 0);
    ctx.fillText(String(x), px - 3 * ratio, oy + 14 * ratio);
  }
  for (let y = Math.ceil(v.y0 / step) * step; y <= v.y1; y += step) {
    if (y === 0) continue;
    const [, py] = toPx(0, y);
    ctx.fillText(String(y), ox + 5 * ratio, py + 4 * ratio);
  }
  ctx.fillText('x1', canvas.width - 18 * ratio, oy - 6 * ratio);
  ctx.fillText('x2', ox + 6 * ratio, 14 * ratio);

  // Decision boundary.
  const line = boundary();
  state.boundary = line;
  if (line) {
    ctx.strokeStyle = COLORS.ink;
    ctx.lineWidth = 2.5 * ratio;
    ctx.beginPath();
    ctx.moveTo(...toPx(...line[0]));
    ctx.lineTo(...toPx(...line[1]));
    ctx.stroke();
  }

  // The points as arrows from the origin, numbered as in the table.
  state.points.forEach((p, i) => {
    const tip = toPx(p[0], p[1]);
    arrow(ctx, [ox, oy], tip, p[2] === 1 ? COLORS.green : COLORS.red, 2 * ratio);
    ctx.fillStyle = COLORS.ink;
    ctx.fillText(String(i + 1), tip[0] + 6 * ratio, tip[1] - 6 * ratio);
    if (i === state.selected) {
      ctx.strokeStyle = COLORS.ink;
      ctx.lineWidth = 1.5 * ratio;
      ctx.beginPath();
      ctx.arc(tip[0], tip[1], 9 * ratio, 0, 2 * Math.PI);
      ctx.stroke();
    }
  });

  // The weight vector, shortened to stay in view when it is long.
  const w = [wasm.weight(0), wasm.weight(1)];
  let scale = 1;
  for (const [k, lo, hi] of [[0, v.x0, v.x1], [1, v.y0, v.y1]]) {
    if (w[k] > 0 && w[k] > hi * 0.85) scale = Math.min(scale, (hi * 0.85) / w[k]);
    if (w[k] < 0 && w[k] < lo * 0.85) scale = Math.min(scale, (lo * 0.85) / w[k]);
  }
  const wtip = toPx(w[0] * scale, w[1] * scale);
  arrow(ctx, [ox, oy], wtip, COLORS.blue, 3.5 * ratio);
  ctx.fillStyle = COLORS.blue;
  ctx.fillText(scale < 1 ? `w (×${fmt(scale, 2)})` : 'w', wtip[0] + 6 * ratio, wtip[1] + 14 * ratio);
}

// ---- the landscape: the error over (w1, w2) at the bias shown ----

/// Pale where the error is low, dark where it is high, 256 RGBA steps.
const TERRAIN = (() => {
  const stops = [[255, 247, 214], [166, 214, 196], [86, 140, 178], [52, 62, 120]];
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; ++i) {
    const p = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(p));
    const t = p - k;
    for (let c = 0; c < 3; ++c) table[4 * i + c] = Math.round(stops[k][c] + (stops[k + 1][c] - stops[k][c]) * t);
    table[4 * i + 3] = 255;
  }
  return table;
})();

/// The error with `loss` at every cell centre of the grid, bias b, computed by the library in the
/// module (Neuron::error per cell).
function landscapeGrid(loss, b, w0, dw, nx, ny) {
  return withDoubles(nx * ny, (ptr, view) => {
    if (M._pg_landscape(LOSSES.indexOf(loss), b, w0[0], w0[1], dw[0], dw[1], nx, ny, ptr) !== 0) return null;
    return Float64Array.from(view());
  });
}

/// The window over (w1, w2): the path, the fit, the neuron shown, the lowest error's weights and
/// the origin, with a margin, at the aspect ratio of a panel `width` × `height` and equal scales.
function weightWindow(path, fit, optima, width, height) {
  const ws = path.map((p) => [p[0], p[1]]).concat(fit.map((f) => f.w), optima.map((o) => o.w), [[0, 0]]);
  const finite = ws.filter((w) => Number.isFinite(w[0]) && Number.isFinite(w[1]));
  let x0 = Math.min(...finite.map((w) => w[0])), x1 = Math.max(...finite.map((w) => w[0]));
  let y0 = Math.min(...finite.map((w) => w[1])), y1 = Math.max(...finite.map((w) => w[1]));
  const pad = 0.25 * Math.max(x1 - x0, y1 - y0, 0.4);
  x0 -= pad; x1 += pad; y0 -= pad; y1 += pad;
  const aspect = width / height;
  if ((x1 - x0) / (y1 - y0) < aspect) {
    const grow = (aspect * (y1 - y0) - (x1 - x0)) / 2;
    x0 -= grow; x1 += grow;
  } else {
    const grow = ((x1 - x0) / aspect - (y1 - y0)) / 2;
    y0 -= grow; y1 += grow;
  }
  return { x0, x1, y0, y1 };
}

/// Contour lines of the grid `f` (nx × ny values at cell centres) at `levels`, by marching
/// squares: each square of four neighbouring centres is cut where the level crosses its edges.
function contours(ctx, f, nx, ny, levels, toPx) {
  ctx.beginPath();
  for (const level of levels) {
    for (let j = 0; j + 1 < ny; ++j) {
      for (let i = 0; i + 1 < nx; ++i) {
        const a = f[j * nx + i], b = f[j * nx + i + 1], c = f[(j + 1) * nx + i + 1], d = f[(j + 1) * nx + i];
        // The corners in order around the square, and where the level crosses each edge.
        const corners = [[i, j, a], [i + 1, j, b], [i + 1, j + 1, c], [i, j + 1, d]];
        const cuts = [];
        for (let e = 0; e < 4; ++e) {
          const [xi, yi, u] = corners[e], [xj, yj, v] = corners[(e + 1) % 4];
          if ((u < level) !== (v < level)) {
            const t = (level - u) / (v - u);
            cuts.push(toPx(xi + (xj - xi) * t, yi + (yj - yi) * t));
          }
        }
        for (let k = 0; k + 1 < cuts.length; k += 2) {
          ctx.moveTo(...cuts[k]);
          ctx.lineTo(...cuts[k + 1]);
        }
      }
    }
  }
  ctx.stroke();
}

function niceStep(span, count) {
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((t) => t >= rough);
}

/// One panel of the landscape: `loss` over the window, in the canvas rectangle (left, top, w, h).
function drawLandscapePanel(ctx, loss, rect, path, fit, ratio, panels) {
  const b = wasm.bias();
  const opt = optimum(loss);
  const win = weightWindow(path, fit, opt ? [opt] : [], rect.w, rect.h);
  // Device pixels per cell: 4 CSS pixels, or more when the budget says so.
  const affordable = LANDSCAPE_BUDGET / (panels * state.points.length);
  const cell = Math.max(4 * ratio, Math.sqrt(rect.w * rect.h / affordable));
  const nx = Math.max(8, Math.round(rect.w / cell)), ny = Math.max(8, Math.round(rect.h / cell));
  const dw = [(win.x1 - win.x0) / nx, (win.y1 - win.y0) / ny];
  // Row 0 at the top: w2 falls as j grows.
  const f = landscapeGrid(loss, b, [win.x0 + dw[0] / 2, win.y1 - dw[1] / 2], [dw[0], -dw[1]], nx, ny);
  if (!f) return;
  let lo = Infinity, hi = -Infinity;
  for (const v of f) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  // Shading and levels on a square-root scale above the lowest value in view, so that the valley,
  // where the interesting part is, gets most of the colours and lines.
  const span = hi - lo || 1;
  const shade = (v) => Math.sqrt(Math.max(0, (v - lo) / span));
  const image = new ImageData(nx, ny);
  for (let k = 0; k < nx * ny; ++k) {
    const at = 4 * Math.round(shade(f[k]) * 255);
    image.data.set(TERRAIN.subarray(at, at + 4), 4 * k);
  }
  shadeCanvas.width = nx;
  shadeCanvas.height = ny;
  shadeCanvas.getContext('2d').putImageData(image, 0, 0);
  ctx.save();
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.w, rect.h);
  ctx.clip();
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(shadeCanvas, rect.x, rect.y, rect.w, rect.h);

  // Grid coordinates (cell centres) to canvas pixels.
  const gridPx = (gi, gj) => [rect.x + (gi + 0.5) * rect.w / nx, rect.y + (gj + 0.5) * rect.h / ny];
  const levels = [];
  for (let k = 1; k < 12; ++k) levels.push(lo + span * (k / 12) ** 2);
  ctx.strokeStyle = 'rgba(29, 29, 31, 0.35)';
  ctx.lineWidth = ratio;
  contours(ctx, f, nx, ny, levels, gridPx);

  const toPx = (w1, w2) => [rect.x + (w1 - win.x0) / (win.x1 - win.x0) * rect.w,
    rect.y + (win.y1 - w2) / (win.y1 - win.y0) * rect.h];
  // Axes through w = 0, with ticks.
  ctx.strokeStyle = 'rgba(29, 29, 31, 0.55)';
  ctx.fillStyle = COLORS.ink;
  ctx.font = `${11 * ratio}px system-ui, sans-serif`;
  const [ox, oy] = toPx(0, 0);
  ctx.beginPath();
  ctx.moveTo(rect.x, oy); ctx.lineTo(rect.x + rect.w, oy);
  ctx.moveTo(ox, rect.y); ctx.lineTo(ox, rect.y + rect.h);
  ctx.stroke();
  const step = niceStep(Math.max(win.x1 - win.x0, win.y1 - win.y0), 6);
  const label = (v) => String(Number(v.toPrecision(6)));
  for (let x = Math.ceil(win.x0 / step) * step; x <= win.x1; x += step) {
    if (Math.abs(x) < step / 2) continue;
    const [px] = toPx(x, 0);
    ctx.fillText(label(x), px - 6 * ratio, oy + 13 * ratio);
  }
  for (let y = Math.ceil(win.y0 / step) * step; y <= win.y1; y += step) {
    if (Math.abs(y) < step / 2) continue;
    const [, py] = toPx(0, y);
    ctx.fillText(label(y), ox + 4 * ratio, py + 4 * ratio);
  }
  ctx.fillText('w1', rect.x + rect.w - 18 * ratio, oy - 5 * ratio);
  ctx.fillText('w2', ox + 5 * ratio, rect.y + 13 * ratio);

  // The run's path: every update, thin, so SGD's noise shows; its start as a ring.
  ctx.strokeStyle = COLORS.ink;
  ctx.lineWidth = 1.2 * ratio;
  ctx.beginPath();
  path.forEach((p, k) => (k ? ctx.lineTo : ctx.moveTo).call(ctx, ...toPx(p[0], p[1])));
  ctx.stroke();
  const [sx, sy] = toPx(path[0][0], path[0][1]);
  ctx.beginPath();
  ctx.arc(sx, sy, 4 * ratio, 0, 2 * Math.PI);
  ctx.stroke();

  // Newton's steps: straight jumps from the run's end.
  if (fit.length) {
    const last = path[path.length - 1];
    ctx.strokeStyle = ctx.fillStyle = COLORS.orange;
    ctx.lineWidth = 2.5 * ratio;
    ctx.beginPath();
    ctx.moveTo(...toPx(last[0], last[1]));
    for (const f of fit) ctx.lineTo(...toPx(f.w[0], f.w[1]));
    ctx.stroke();
    for (const f of fit) {
      ctx.beginPath();
      ctx.arc(...toPx(f.w[0], f.w[1]), 3.5 * ratio, 0, 2 * Math.PI);
      ctx.fill();
    }
  }

  // The lowest error's weights (a cross; at its own bias), and the neuron shown.
  if (opt && Number.isFinite(opt.w[0])) {
    const [mx, my] = toPx(opt.w[0], opt.w[1]);
    const r = 6 * ratio;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 4 * ratio;
    for (const color of ['#fff', COLORS.red]) {
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.moveTo(mx - r, my - r); ctx.lineTo(mx + r, my + r);
      ctx.moveTo(mx + r, my - r); ctx.lineTo(mx - r, my + r);
      ctx.stroke();
      ctx.lineWidth = 2 * ratio;
    }
  }
  const [cx, cy] = toPx(wasm.weight(0), wasm.weight(1));
  ctx.fillStyle = COLORS.blue;
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1.5 * ratio;
  ctx.beginPath();
  ctx.arc(cx, cy, 5 * ratio, 0, 2 * Math.PI);
  ctx.fill();
  ctx.stroke();

  // The title: which loss, at which bias; on two lines when the panel is narrow.
  ctx.font = `600 ${12 * ratio}px system-ui, sans-serif`;
  let lines = [`${LOSS_NAMES[loss]} at b = ${fmt(b, 3)}`];
  if (ctx.measureText(lines[0]).width > rect.w - 16 * ratio) lines = [LOSS_NAMES[loss], `at b = ${fmt(b, 3)}`];
  const tw = Math.max(...lines.map((l) => ctx.measureText(l).width));
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(rect.x + 4 * ratio, rect.y + 4 * ratio, tw + 8 * ratio, (4 + 15 * lines.length) * ratio);
  ctx.fillStyle = COLORS.ink;
  lines.forEach((l, k) => ctx.fillText(l, rect.x + 8 * ratio, rect.y + (17 + 15 * k) * ratio));
  ctx.restore();
}

function drawLandscape() {
  const began = performance.now();
  const canvas = $('landscape');
  const ratio = sizeCanvas(canvas, PLANE_RATIO);
  const ctx = canvas.getContext('2d');
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const path = runPath();
  const fit = fitPath().slice(0, state.fitShown);
  const chosen = state.landscape === 'training' ? [state.settings.loss] :
    state.landscape === 'both' ? LOSSES : [state.landscape];
  const gap = chosen.length > 1 ? 4 * ratio : 0;
  const w = (canvas.width - gap * (chosen.length - 1)) / chosen.length;
  chosen.forEach((loss, k) => {
    drawLandscapePanel(ctx, loss, { x: k * (w + gap), y: 0, w, h: canvas.height }, path, fit, ratio, chosen.length);
  });
  state.landscapeMs = performance.now() - began;
  state.landscapeDraws += 1;
}

/// The recorded errors against the iteration (from 0), the error after the last iteration as a
/// square; Newton's steps, when shown, in a band of their own on the right, from the error now.
function drawCurve() {
  const canvas = $('curve');
  const ratio = sizeCanvas(canvas, canvas.clientWidth < 500 ? 0.5 : 0.2);
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  const left = 46 * ratio, right = 12 * ratio, top = 10 * ratio, bottom = 24 * ratio;
  ctx.clearRect(0, 0, W, H);
  const baseline = wasm.baseline();
  const lowest = optimum(state.settings.loss);
  const floor = lowest ? lowest.error : NaN;
  const fit = fitPath().slice(0, state.fitShown);
  const it = wasm.iteration();
  const runError = M._pg_run_error(LOSSES.indexOf(state.settings.loss));
  const errors = state.records.map((r) => r.error).concat(fit.map((f) => f.objective));
  const ymax = 1.1 * Math.max(baseline, ...errors, Number.isFinite(floor) ? floor : 0);
  const xmax = Math.max(1, state.settings.iterations - 1);
  // With a fit, its steps take the right fifth of the width.
  const newton = fit.length > 0 ? Math.max(60 * ratio, 0.2 * (W - left - right)) : 0;
  const runRight = W - right - newton;
  const px = (i) => left + (runRight - left) * (i / xmax);
  const py = (e) => H - bottom - (H - top - bottom) * (e / ymax);

  ctx.strokeStyle = '#8a8f96';
  ctx.fillStyle = '#5f6368';
  ctx.lineWidth = ratio;
  ctx.font = `${11 * ratio}px system-ui, sans-serif`;
  ctx.beginPath();
  ctx.moveTo(left, top); ctx.lineTo(left, H - bottom); ctx.lineTo(W - right, H - bottom);
  ctx.stroke();
  // Ticks at 1, 2 or 5 times a power of ten, about four of them.
  const tick = niceStep(ymax, 4);
  for (let e = 0; e <= ymax; e += tick) {
    ctx.fillText(String(Number(e.toPrecision(6))), 4 * ratio, py(e) + 4 * ratio);
  }
  ctx.fillText('0', left - 3 * ratio, H - 8 * ratio);
  const end = `${xmax} (the last)`;
  ctx.fillText(end, runRight - ctx.measureText(end).width, H - 8 * ratio);
  const axis = 'iteration, from 0';
  ctx.fillText(axis, (left + runRight - ctx.measureText(axis).width) / 2, H - 8 * ratio);

  const hline = (e, color, dash) => {
    ctx.strokeStyle = color;
    ctx.setLineDash(dash.map((d) => d * ratio));
    ctx.lineWidth = 1.5 * ratio;
    ctx.beginPath();
    ctx.moveTo(left, py(e)); ctx.lineTo(W - right, py(e));
    ctx.stroke();
    ctx.setLineDash([]);
  };
  hline(baseline, '#5f6368', [6, 4]);
  if (Number.isFinite(floor)) hline(floor, COLORS.blue, [2, 3]);

  ctx.strokeStyle = COLORS.ink;
  ctx.fillStyle = COLORS.ink;
  ctx.lineWidth = 2 * ratio;
  ctx.beginPath();
  state.records.forEach((r, k) => (k ? ctx.lineTo : ctx.moveTo).call(ctx, px(r.iteration), py(r.error)));
  ctx.stroke();
  if (state.records.length <= 200) {
    for (const r of state.records) {
      ctx.beginPath();
      ctx.arc(px(r.iteration), py(r.error), 2.5 * ratio, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
  // The error after the last iteration: a square at the last iteration, once the run is there.
  const start = runError;
  if (it > 0 && Number.isFinite(start)) {
    const s = 7 * ratio;
    ctx.fillRect(px(Math.min(it - 1, xmax)) - s / 2, py(start) - s / 2, s, s);
  }

  if (fit.length) {
    const x0 = runRight + 8 * ratio, x1 = W - right - 6 * ratio;
    const nx = (k) => x0 + (x1 - x0) * (k / fit.length);
    ctx.strokeStyle = '#c4c7cc';
    ctx.lineWidth = ratio;
    ctx.beginPath();
    ctx.moveTo(runRight + 3 * ratio, top); ctx.lineTo(runRight + 3 * ratio, H - bottom);
    ctx.stroke();
    ctx.fillStyle = '#5f6368';
    ctx.fillText(`Newton ${fit.length}`, x1 - ctx.measureText(`Newton ${fit.length}`).width + 6 * ratio, H - 8 * ratio);
    ctx.strokeStyle = ctx.fillStyle = COLORS.orange;
    ctx.lineWidth = 2.5 * ratio;
    ctx.beginPath();
    ctx.moveTo(nx(0), py(start));
    fit.forEach((f, k) => ctx.lineTo(nx(k + 1), py(f.objective)));
    ctx.stroke();
    fit.forEach((f, k) => {
      ctx.beginPath();
      ctx.arc(nx(k + 1), py(f.objective), 3.5 * ratio, 0, 2 * Math.PI);
      ctx.fill();
    });
  }
}

function renderTable(preds) {
  const body = document.querySelector('#points tbody');
  if (body.rows.length !== state.points.length) {
    body.textContent = '';
    state.points.forEach((_, i) => body.append(tableRow(i)));
  }
  state.points.forEach((p, i) => {
    const row = body.rows[i];
    row.className = i === state.selected ? 'selected' : '';
    for (const k of [0, 1]) {
      const input = row.cells[k + 1].firstChild;
      if (document.activeElement !== input) input.value = String(p[k]);
    }
    const flip = row.cells[3].firstChild;
    flip.textContent = String(p[2]);
    flip.className = p[2] === 1 ? 't1' : 't0';
    row.cells[4].textContent = fmt(preds[i], 3);
  });
}

function tableRow(i) {
  const row = document.createElement('tr');
  // A point whose row has the focus is the selected one: the arrow keys on the plane move it.
  row.addEventListener('focusin', () => {
    if (state.selected !== i) {
      state.selected = i;
      render();
    }
  });
  const cell = (child) => {
    const td = document.createElement('td');
    if (child) td.append(child);
    row.append(td);
    return td;
  };
  cell(document.createTextNode(String(i + 1)));
  for (const k of [0, 1]) {
    const input = document.createElement('input');
    input.type = 'text';
    input.inputMode = 'decimal';
    input.setAttribute('aria-label', `point ${i + 1}, x${k + 1}`);
    input.addEventListener('change', () => editCoordinate(i, k, input));
    cell(input);
  }
  const flip = document.createElement('button');
  flip.type = 'button';
  flip.setAttribute('aria-label', `point ${i + 1}: flip its target`);
  flip.title = 'flip the target';
  flip.addEventListener('click', () => editPoints((ps) => { ps[i][2] = 1 - ps[i][2]; }));
  cell(flip);
  cell(null);
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = '✕';
  remove.setAttribute('aria-label', `remove point ${i + 1}`);
  remove.title = 'remove this point';
  remove.addEventListener('click', () => editPoints((ps) => ps.splice(i, 1)));
  cell(remove);
  return row;
}

/// What Newton's method has shown, in words.
function fitWords() {
  const total = wasm.fitCount();
  const status = FIT_STATUS[wasm.fitStatus()];
  if (state.fit === 0) return '— (press Fit or Newton step)';
  if (total === 0) {
    return status === 'no_minimum' ? 'no step: a line already separates the classes' : 'no step: already at the minimum';
  }
  const words = { converged: 'converged', max_iterations: 'stopped at its step limit', no_minimum: 'no minimum',
    stopped: 'stopped', stalled: 'stalled short of a minimum' };
  return state.fitShown < total ? `step ${state.fitShown} of ${total}` :
    `${words[status]} after ${total} step${total > 1 ? 's' : ''}`;
}

function render() {
  const it = wasm.iteration();
  const s = state.settings;
  const ended = runEnded();
  const loss = LOSS_NAMES[s.loss];
  const fitting = state.fitShown > 0;
  $('progress').textContent = `${it} of ${s.iterations} iterations` +
    (wasm.diverged() ? ' (diverged)' : ended ? ' (done)' : state.playing ? ' (playing)' : '') +
    (fitting ? `, then Newton's method: ${fitWords()}` : '');
  $('w1').textContent = fmt(wasm.weight(0), 6);
  $('w2').textContent = fmt(wasm.weight(1), 6);
  $('bias').textContent = fmt(wasm.bias(), 6);
  const preds = predictions();
  const error = wasm.error();
  $('error-now-label').textContent = loss;
  $('error-now').textContent = fmt(error, 4);
  // Beside cross-entropy, the squared error: what eight_points and the tutorial report.
  const squared = wasm.errorOf('squared_error');
  const ce = s.loss === 'cross_entropy';
  $('squared-now-label').hidden = $('squared-now').hidden = !ce;
  $('squared-now').textContent = fmt(squared, 4);
  const acc = wasm.accuracy();
  $('accuracy').textContent = Number.isFinite(acc) ?
    `${Math.round(acc * state.points.length)} of ${state.points.length} (${fmt(100 * acc, 0)} %)` : '—';
  $('baseline-label').textContent = `always 0.5 (${loss})`;
  $('baseline').textContent = fmt(wasm.baseline(), 4);
  const lowest = optimum(s.loss);
  $('lowest-label').textContent = `lowest reachable (${loss})`;
  $('lowest').textContent = !lowest ? '—' : lowest.status === 'no_minimum' ? '0 (one line separates the classes)' :
    `${fmt(lowest.error, 4)} at w = (${fmt(lowest.w[0], 4)}, ${fmt(lowest.w[1], 4)}), b = ${fmt(lowest.b, 4)}`;
  $('fit-status').textContent = fitWords();
  const separable = FIT_STATUS[wasm.fitStatus()] === 'no_minimum' && state.fit > 0 ||
    lowest && lowest.status === 'no_minimum';
  $('fit-note').hidden = !separable;
  $('fit-note').textContent = separable ? 'No minimum: one straight line puts every point on its side, so no ' +
    'neuron is best. Making w longer makes every prediction surer, and the error falls towards 0 without ever ' +
    'reaching it. Newton\'s method stops at the first neuron that separates the points.' : '';
  $('records-title').textContent = `Recorded ${loss}`;
  $('records-empty').hidden = state.records.length > 0;
  $('records-empty').textContent = wasm.diverged() ? 'None: the run diverged before its first record.' :
    'None yet: press Play or Step.';
  const last = state.records[state.records.length - 1];
  $('last-record').textContent = last ? `The record after iteration ${last.iteration}: ${loss} ${fmt(last.error, 4)}` : '';
  const runError = M._pg_run_error(LOSSES.indexOf(s.loss));
  const runSquared = M._pg_run_error(0);
  $('final-error').textContent = it === 0 ? '—' : `${loss} ${fmt(runError, 4)}` +
    (ce ? `, squared error ${fmt(runSquared, 4)}` : '') + (ended ? '' : ` (so far: ${it} of ${s.iterations})`);
  // The objective after each Newton step shown, from step 1.
  const steps = fitPath().slice(0, state.fitShown);
  $('newton-title').textContent = `Newton's steps: ${loss} after each`;
  $('newton-empty').hidden = steps.length > 0;
  $('newton-list').replaceChildren(...steps.map((f, k) => {
    const li = document.createElement('li');
    li.textContent = `${k + 1}: ${fmt(f.objective, 4)}`;
    return li;
  }));
  $('saved').value = wasm.saved();
  $('play').disabled = wasm.diverged() === 1;
  $('step').disabled = ended;
  $('fit').disabled = $('newton-step').disabled = state.fit > 0 && fitDone();
  $('curve-key').textContent = `recorded ${loss}; ■ after the last iteration`;
  $('baseline-key').textContent = `always 0.5 (${fmt(wasm.baseline(), 4)})`;
  $('lowest-key').textContent = lowest ? `lowest one neuron reaches (${fmt(lowest.error, 4)})` : 'lowest one neuron reaches';
  renderTable(preds);
  drawPlane();
  drawLandscape();
  drawCurve();
  state.predictions = preds;
}

// ---- editing points ----

/// Applies `change` to a copy of the points; the run replays to where it was.
function editPoints(change, keepView) {
  const began = performance.now();
  const points = state.points.map((p) => p.slice());
  change(points);
  const at = Math.min(wasm.iteration(), state.settings.iterations);
  if (apply(null, points, at)) {
    if (state.selected >= points.length) state.selected = -1;
    if (!keepView) fitView();
    if (!state.dragging) writeHash();
  }
  render();
  state.editMs = performance.now() - began;
}

function editCoordinate(i, k, input) {
  if (!NUMBER.test(input.value)) {
    showMessage(`point ${i + 1}, x${k + 1}: '${input.value}' is not a number`);
    input.setAttribute('aria-invalid', 'true');
    return;
  }
  input.removeAttribute('aria-invalid');
  editPoints((ps) => { ps[i][k] = Number(input.value); });
}

function newClass() {
  return Number(document.querySelector('input[name="new-class"]:checked').value);
}

function pointAt(px, py) {
  const { toPx } = planeTransform();
  const reach = 12 * (window.devicePixelRatio || 1);
  let best = -1, bestDist = reach;
  state.points.forEach((p, i) => {
    const [x, y] = toPx(p[0], p[1]);
    const d = Math.hypot(x - px, y - py);
    if (d <= bestDist) { best = i; bestDist = d; }
  });
  return best;
}

function canvasPx(event) {
  const canvas = $('plane');
  const rect = canvas.getBoundingClientRect();
  return [(event.clientX - rect.left) * canvas.width / rect.width,
    (event.clientY - rect.top) * canvas.height / rect.height];
}

const round2 = (v) => Math.round(v * 100) / 100;

function onPointerDown(event) {
  const [px, py] = canvasPx(event);
  const hit = pointAt(px, py);
  if (hit < 0) {
    const [x, y] = planeTransform().toData(px, py);
    state.selected = state.points.length;
    editPoints((ps) => ps.push([round2(x), round2(y), newClass()]), true);
    return;
  }
  state.selected = hit;
  state.dragging = { index: hit, moved: false };
  $('plane').setPointerCapture(event.pointerId);
  render();
}

function onPointerMove(event) {
  if (!state.dragging) return;
  const [x, y] = planeTransform().toData(...canvasPx(event));
  const i = state.dragging.index;
  state.dragging.moved = true;
  editPoints((ps) => { ps[i][0] = round2(x); ps[i][1] = round2(y); }, true);
}

function onPointerUp() {
  if (!state.dragging) return;
  const moved = state.dragging.moved;
  state.dragging = null;
  if (moved) writeHash();
  render();
}

/// Arrow keys move the selected point (clicked, or whose table row had the focus) by 0.1, with
/// Shift by 1; Tab leaves the canvas.
function onPlaneKey(event) {
  const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  if (!(event.key in moves) || state.selected < 0) return;
  event.preventDefault();
  const [mx, my] = moves[event.key];
  const d = event.shiftKey ? 1 : 0.1;
  const i = state.selected;
  editPoints((ps) => { ps[i][0] = round2(ps[i][0] + mx * d); ps[i][1] = round2(ps[i][1] + my * d); }, true);
}

// ---- wiring ----

function applyForm(event) {
  if (event) event.preventDefault();
  const raw = readForm();
  const settings = parseSettings(raw);
  for (const id of ['rate', 'iterations', 'record', 'batch', 'seed']) $(id).removeAttribute('aria-invalid');
  if (typeof settings === 'string') {
    showMessage(settings[0].toUpperCase() + settings.slice(1));
    const field = { learning: 'rate', iterations: 'iterations', record: 'record', batch: 'batch', seed: 'seed' }[settings.split(/[ :]/)[0]];
    if (field) $(field).setAttribute('aria-invalid', 'true');
    return;
  }
  const was = state.settings;
  const ended = wasm.iteration() >= was.iterations;
  let at = ended ? settings.iterations : Math.min(wasm.iteration(), settings.iterations);
  if (settings.seed !== was.seed) at = 0;
  if (apply(settings, null, at)) {
    writeHash();
  } else {
    // The library's message names the setting it refused.
    const fields = { 'learning rate': 'rate', record_every: 'record', iterations: 'iterations', batch: 'batch' };
    const hit = Object.keys(fields).find((key) => wasm.message().includes(key));
    if (hit) $(fields[hit]).setAttribute('aria-invalid', 'true');
  }
  render();
}

function wire() {
  $('play').addEventListener('click', () => setPlaying(true));
  $('pause').addEventListener('click', () => setPlaying(false));
  $('step').addEventListener('click', () => { stopFitting(); setPlaying(false); train(1); writeHash(); render(); });
  $('fit').addEventListener('click', startFitting);
  $('newton-step').addEventListener('click', () => { stopFitting(); setPlaying(false); newtonStep(); });
  $('landscape-loss').addEventListener('change', () => {
    state.landscape = $('landscape-loss').value;
    writeHash();
    render();
  });
  $('reset').addEventListener('click', () => { setPlaying(false); replay(0); writeHash(); render(); });
  $('new-start').addEventListener('click', () => {
    $('seed').value = String(Math.floor(Math.random() * 1e9));
    applyForm();
  });
  $('settings').addEventListener('submit', applyForm);
  for (const id of ['rate', 'iterations', 'record', 'batch', 'seed', 'loss', 'start']) {
    $(id).addEventListener('change', () => applyForm());
  }
  $('add-point').addEventListener('click', () => {
    const v = state.view;
    state.selected = state.points.length;
    editPoints((ps) => ps.push([round2((v.x0 + v.x1) / 2), round2((v.y0 + v.y1) / 2), newClass()]), true);
  });
  $('tutorial').addEventListener('click', () => { state.selected = -1; editPoints((ps) => ps.splice(0, ps.length, ...TUTORIAL.map((p) => p.slice()))); });
  $('copy').addEventListener('click', async () => {
    const text = $('saved').value;
    try {
      await navigator.clipboard.writeText(text);
      $('copied').textContent = 'Copied.';
    } catch (e) {
      $('saved').select();
      $('copied').textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  const plane = $('plane');
  plane.addEventListener('pointerdown', onPointerDown);
  plane.addEventListener('pointermove', onPointerMove);
  plane.addEventListener('pointerup', onPointerUp);
  plane.addEventListener('pointercancel', onPointerUp);
  plane.addEventListener('keydown', onPlaneKey);
  window.addEventListener('resize', () => { state.view = null; render(); });
  window.addEventListener('hashchange', () => loadHash(location.hash));
}

function loadHash(hash) {
  const read = readHash(hash);
  if (read.error) {
    showMessage(read.error);
    return;
  }
  state.fit = read.fit;
  state.landscape = read.landscape;
  if (apply(read.settings, read.points, read.at)) {
    fitView();
    fillForm();
  }
  setPlaying(false);
}

// For the browser test and the curious: the page's numbers at full precision.
window.playground = {
  ready: false,
  state: () => ({
    iteration: wasm.iteration(), records: state.records.slice(), weights: [wasm.weight(0), wasm.weight(1)],
    bias: wasm.bias(), error: wasm.error(), accuracy: wasm.accuracy(), predictions: predictions(),
    points: state.points.map((p) => p.slice()), boundary: state.boundary,
    lowest: optimum(state.settings.loss), squaredError: wasm.errorOf('squared_error'),
    baseline: wasm.baseline(), saved: wasm.saved(), playing: state.playing,
    diverged: wasm.diverged() === 1, message: $('message').hidden ? '' : $('message').textContent,
    fit: { steps: fitPath().slice(0, state.fitShown), total: wasm.fitCount(), status: FIT_STATUS[wasm.fitStatus()],
      animating: state.fitTimer !== null },
    path: runPath().length, landscape: { draws: state.landscapeDraws, ms: state.landscapeMs, editMs: state.editMs },
  }),
  /// Where a data point is on the screen (CSS pixels), for pointer events.
  toClient: (x, y) => {
    const canvas = $('plane');
    const rect = canvas.getBoundingClientRect();
    const [px, py] = planeTransform().toPx(x, y);
    return [rect.left + px * rect.width / canvas.width, rect.top + py * rect.height / canvas.height];
  },
};

TinyneuronModule().then((module) => {
  bind(module);
  wire();
  loadHash(location.hash);
  requestAnimationFrame(frame);
  window.playground.ready = true;
  window.playground.loadMs = performance.now();
});
