// SPDX-License-Identifier: MIT
// The playground page: plain JavaScript over tinyneuron_wasm.js (playground.cpp). The module
// holds the data, the settings and the run; this file draws them, reads the controls and keeps
// the whole state in the URL hash (seed, settings, points, how far the run went).
'use strict';

const TUTORIAL = [[3, 1.5, 0], [2, 1, 1], [4, 1.5, 0], [3, 4, 1], [3.5, 0.5, 0], [2, 0.5, 1],
  [5.5, 1, 1], [1, 1, 0]];
const DEFAULTS = { rate: 0.01, iterations: 1000, record: 100, loss: 'squared_error', batch: 1, seed: 3346 };
const LOSSES = ['squared_error', 'cross_entropy'];
const COLORS = { red: '#d62728', green: '#2ca02c', blue: '#1f3fbf', ink: '#1d1d1f', grid: '#e6e8eb' };
const FRAMES_PER_RUN = 180; // Play shows a whole run in about three seconds at 60 frames/s

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
    accuracy: M._pg_accuracy, baseline: M._pg_baseline, lowest: M._pg_lowest,
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
  lowest: NaN,
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
  if (!isTutorial(state.points)) {
    parts.push('points=' + state.points.map((p) => p.join(',')).join(';'));
  }
  const at = wasm.iteration();
  if (at >= s.iterations && s.iterations > 0) {
    parts.push('run=1');
  } else if (at > 0) {
    parts.push(`at=${at}`);
  }
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
  return { settings, points, at };
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
  const out = { rate: Number(raw.rate), loss: raw.loss };
  for (const [key, name] of Object.entries(wholes)) {
    const v = parseWhole(raw[key]);
    if (!Number.isSafeInteger(v)) return `${name}: '${raw[key]}' is not a whole number >= 0`;
    out[key] = v;
  }
  if (!LOSSES.includes(raw.loss)) return `loss: '${raw.loss}' is not squared_error or cross_entropy`;
  return out;
}

function readForm() {
  return {
    rate: $('rate').value, iterations: $('iterations').value, record: $('record').value,
    loss: $('loss').value, batch: $('batch').value, seed: $('seed').value,
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
  if (points || !settings || settings.loss !== oldSettings.loss) state.lowest = NaN;
  replay(at);
  return true;
}

/// A fresh run from the seed, trained to iteration `at` at once.
function replay(at) {
  wasm.reset(state.settings.seed);
  state.records = [];
  $('records').textContent = '';
  train(at);
}

/// Trains `n` more iterations; shows divergence as a message and stops playing.
function train(n) {
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
  const ratio = sizeCanvas(canvas, 0.66);
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

function drawCurve() {
  const canvas = $('curve');
  const ratio = sizeCanvas(canvas, canvas.clientWidth < 500 ? 0.5 : 0.34);
  const ctx = canvas.getContext('2d');
  const W = canvas.width, H = canvas.height;
  const left = 46 * ratio, right = 10 * ratio, top = 10 * ratio, bottom = 24 * ratio;
  ctx.clearRect(0, 0, W, H);
  const baseline = wasm.baseline();
  const lowest = state.lowest;
  const errors = state.records.map((r) => r.error);
  const ymax = 1.1 * Math.max(baseline, ...errors, Number.isFinite(lowest) ? lowest : 0);
  const xmax = Math.max(1, state.settings.iterations - 1);
  const px = (i) => left + (W - left - right) * (i / xmax);
  const py = (e) => H - bottom - (H - top - bottom) * (e / ymax);

  ctx.strokeStyle = '#8a8f96';
  ctx.fillStyle = '#5f6368';
  ctx.lineWidth = ratio;
  ctx.font = `${11 * ratio}px system-ui, sans-serif`;
  ctx.beginPath();
  ctx.moveTo(left, top); ctx.lineTo(left, H - bottom); ctx.lineTo(W - right, H - bottom);
  ctx.stroke();
  // Ticks at 1, 2 or 5 times a power of ten, about four of them.
  const rough = ymax / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const tick = [1, 2, 5, 10].map((m) => m * power).find((t) => t >= rough);
  for (let e = 0; e <= ymax; e += tick) {
    ctx.fillText(String(Number(e.toPrecision(6))), 4 * ratio, py(e) + 4 * ratio);
  }
  ctx.fillText('0', left - 3 * ratio, H - 8 * ratio);
  ctx.fillText(`iteration ${xmax}`, W - right - 80 * ratio, H - 8 * ratio);

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
  if (Number.isFinite(lowest)) hline(lowest, COLORS.blue, [2, 3]);

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

function render() {
  const it = wasm.iteration();
  const s = state.settings;
  const ended = runEnded();
  $('progress').textContent = `iteration ${it} of ${s.iterations}` +
    (wasm.diverged() ? ' (diverged)' : ended ? ' (done)' : state.playing ? ' (playing)' : '');
  $('w1').textContent = fmt(wasm.weight(0), 6);
  $('w2').textContent = fmt(wasm.weight(1), 6);
  $('bias').textContent = fmt(wasm.bias(), 6);
  const preds = predictions();
  const error = wasm.error();
  $('error-now').textContent = fmt(error, 4);
  const acc = wasm.accuracy();
  $('accuracy').textContent = Number.isFinite(acc) ?
    `${Math.round(acc * state.points.length)} of ${state.points.length} (${fmt(100 * acc, 0)} %)` : '—';
  $('baseline').textContent = fmt(wasm.baseline(), 4);
  $('lowest').textContent = Number.isFinite(state.lowest) ?
    (state.lowest === 0 ? '0 (one line separates the classes)' : fmt(state.lowest, 4)) : 'computing…';
  $('records-empty').hidden = state.records.length > 0;
  $('records-empty').textContent = wasm.diverged() ? 'None: the run diverged before its first record.' :
    'None yet: press Play or Step.';
  $('final-error').textContent = it > 0 ? fmt(error, 4) : '—';
  $('final-iteration').textContent = it > 0 ? ` (iteration ${it - 1})` : '';
  $('saved').value = wasm.saved();
  $('play').disabled = wasm.diverged() === 1;
  $('step').disabled = ended;
  $('baseline-key').textContent = `always 0.5 (${fmt(wasm.baseline(), 4)})`;
  $('lowest-key').textContent = Number.isFinite(state.lowest) ?
    `lowest one neuron reaches (${fmt(state.lowest, 4)})` : 'lowest one neuron reaches (computing…)';
  renderTable(preds);
  drawPlane();
  drawCurve();
  state.predictions = preds;
}

/// The lowest error is a few thousand full-batch iterations: computed after a change settles.
function refreshLowest() {
  if (!Number.isFinite(state.lowest)) {
    state.lowest = wasm.lowest();
    render();
  }
}

// ---- editing points ----

/// Applies `change` to a copy of the points; the run replays to where it was.
function editPoints(change, keepView) {
  const points = state.points.map((p) => p.slice());
  change(points);
  const at = Math.min(wasm.iteration(), state.settings.iterations);
  if (apply(null, points, at)) {
    if (state.selected >= points.length) state.selected = -1;
    if (!keepView) fitView();
    if (!state.dragging) {
      writeHash();
      setTimeout(refreshLowest, 0);
    }
  }
  render();
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
  if (moved) {
    writeHash();
    setTimeout(refreshLowest, 0);
  }
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
    setTimeout(refreshLowest, 0);
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
  $('step').addEventListener('click', () => { setPlaying(false); train(1); writeHash(); render(); });
  $('reset').addEventListener('click', () => { setPlaying(false); replay(0); writeHash(); render(); });
  $('new-start').addEventListener('click', () => {
    $('seed').value = String(Math.floor(Math.random() * 1e9));
    applyForm();
  });
  $('settings').addEventListener('submit', applyForm);
  for (const id of ['rate', 'iterations', 'record', 'batch', 'seed', 'loss']) {
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
  if (apply(read.settings, read.points, read.at)) {
    fitView();
    fillForm();
    setTimeout(refreshLowest, 0);
  }
  setPlaying(false);
}

// For the browser test and the curious: the page's numbers at full precision.
window.playground = {
  ready: false,
  state: () => ({
    iteration: wasm.iteration(), records: state.records.slice(), weights: [wasm.weight(0), wasm.weight(1)],
    bias: wasm.bias(), error: wasm.error(), accuracy: wasm.accuracy(), predictions: predictions(),
    points: state.points.map((p) => p.slice()), boundary: state.boundary, lowest: state.lowest,
    baseline: wasm.baseline(), saved: wasm.saved(), playing: state.playing,
    diverged: wasm.diverged() === 1, message: $('message').hidden ? '' : $('message').textContent,
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
