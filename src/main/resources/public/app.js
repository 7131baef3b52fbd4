// seqae web page: models and their training curves, scoring pasted/uploaded CSV, the latent scatter,
// and a live stream's points as they arrive.
// Plain JavaScript and ECharts (from its WebJar); everything goes through the /api/v1 endpoints.
'use strict';

const api = '/api/v1/models';
const $ = (id) => document.getElementById(id);
const charts = {};
let models = [];
let current = null;          // the selected model's row from /models
let lastSequences = null;    // what was last scored, as arrays of steps (for the latent view's tooltips)

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init($(id));
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

function say(id, text, isError) {
  const el = $(id);
  el.textContent = text;
  el.className = isError ? 'info error' : 'info';
}

// The API key, when the service needs one (seqae.scoring-requires-key): typed once, kept for this
// browser tab only (sessionStorage), sent as X-API-Key with every call.
const KEY_ITEM = 'seqae.api-key';

async function call(url, options) {
  const opts = Object.assign({}, options || {});
  const key = sessionStorage.getItem(KEY_ITEM);
  if (key) {
    opts.headers = Object.assign({}, opts.headers || {}, { 'X-API-Key': key });
  }
  const r = await fetch(url, opts);
  const text = await r.text();
  if (!r.ok) {
    let detail = text;
    try { detail = JSON.parse(text).detail || text; } catch (e) { /* not JSON */ }
    if (r.status === 401) {
      detail += ' (enter the API key at the top of the page)';
    }
    throw new Error(r.status + ': ' + detail);
  }
  return text ? JSON.parse(text) : null;
}

async function loadModels() {
  const doc = await call(api);
  models = doc.models;
  const select = $('model');
  select.innerHTML = '';
  for (const m of models) {
    const o = document.createElement('option');
    o.value = m.name;
    o.textContent = m.name;
    select.appendChild(o);
  }
  if (models.length === 0) {
    say('model-info', 'No models loaded yet.');
    return;
  }
  await showModel(models[0].name);
}

async function showModel(name) {
  current = models.find((m) => m.name === name);
  const doc = await call(api + '/' + encodeURIComponent(name));
  const p = doc.manifest.provenance;
  say('model-info', `${current.kind}; ${current.features} feature(s) (${current.feature_names.join(', ')}); `
    + `latent size ${current.latent_size}; ${current.decoder} decoder; default threshold ${current.default_threshold}; `
    + `trained ${p.epochs_run} epochs (best ${p.best_epoch}) on ${p.training_sequences} sequences, seed ${p.seed}`);
  const epochs = p.train_loss_history.map((_, i) => i + 1);
  chart('loss-chart').setOption({
    title: { text: 'Training curves', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    xAxis: { type: 'category', name: 'epoch', data: epochs },
    yAxis: { type: 'value', name: 'loss', scale: true },
    series: [
      { name: 'training', type: 'line', showSymbol: false, data: p.train_loss_history },
      { name: 'validation', type: 'line', showSymbol: false, data: p.validation_loss_history },
    ],
  }, true);
}

/** CSV text to rows of numbers: non-numeric cells dropped (labels, ids), rows without numbers skipped (headers). */
function numericRows(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells = line.split(/[,\t;]/).map((c) => c.trim());
    const nums = cells.filter((c) => c !== '' && !isNaN(Number(c))).map(Number);
    if (nums.length > 0 && nums.length >= cells.length - 1) rows.push(nums);
  }
  return rows;
}

async function score() {
  const text = $('csv').value;
  if (!text.trim()) { say('status', 'Paste CSV or choose a file first.', true); return; }
  try {
    if (current.kind.startsWith('time series')) {
      await detect(text);
    } else {
      const doc = await call(api + '/' + encodeURIComponent(current.name) + '/score',
        { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: text });
      lastSequences = numericRows(text);
      say('status', `scored ${doc.results.length} sequences, ${doc.anomalies} anomalous `
        + `(threshold ${doc.threshold.strategy} ${doc.threshold.value.toPrecision(4)})`);
      chart('score-chart').setOption({
        title: { text: 'Scores', left: 'center', textStyle: { fontSize: 14 } },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', name: 'sequence', data: doc.results.map((_, i) => i) },
        yAxis: { type: 'value', name: 'score' },
        series: [{
          type: 'bar', name: 'score',
          data: doc.results.map((r) => ({ value: r.score, itemStyle: { color: r.is_anomaly ? '#d62728' : '#1f77b4' } })),
          markLine: { symbol: 'none', data: [{ yAxis: doc.threshold.value, name: 'threshold' }],
            lineStyle: { type: 'dashed', color: '#000' }, label: { formatter: 'threshold' } },
        }],
      }, true);
    }
  } catch (e) {
    say('status', e.message, true);
  }
}

async function detect(text) {
  const rows = numericRows(text);
  const values = rows.map((r) => r.slice(0, current.features));
  const doc = await call(api + '/' + encodeURIComponent(current.name) + '/detect',
    { method: 'POST', headers: { 'Content-Type': 'application/json' },
      // a model trained with a recipe detects with the recipe's own settings
      body: JSON.stringify(current.recipe ? { values, points: true } : { values, smoothing: 1, points: true }) });
  const window = Number((current.kind.match(/window (\d+)/) || [0, 0])[1]);
  lastSequences = [];
  for (let s = 0; s + window <= values.length; s += window) lastSequences.push(values.slice(s, s + window));
  say('status', `scored ${doc.points} points: ${doc.intervals.length} anomalous interval(s)`);
  chart('score-chart').setOption({
    title: { text: 'Series and anomalous intervals', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    xAxis: { type: 'category', data: values.map((_, i) => i) },
    yAxis: [{ type: 'value', name: current.feature_names[0], scale: true }, { type: 'value', name: 'score' }],
    series: [
      { name: current.feature_names[0], type: 'line', showSymbol: false, data: values.map((v) => v[0]),
        markArea: { itemStyle: { color: 'rgba(214,39,40,0.25)' },
          data: doc.intervals.map((i) => [{ xAxis: i.start }, { xAxis: i.end }]) } },
      { name: 'score', type: 'line', yAxisIndex: 1, showSymbol: false, lineStyle: { opacity: 0.5 },
        data: doc.point_scores },
    ],
  }, true);
}

/** A small SVG line of one sequence's first feature, for the tooltip. */
function sparkline(steps) {
  if (!steps || steps.length === 0) return '';
  const ys = steps.map((s) => (Array.isArray(s) ? s[0] : s));
  const lo = Math.min(...ys);
  const hi = Math.max(...ys) || lo + 1;
  const pts = ys.map((y, i) => `${(i / Math.max(1, ys.length - 1)) * 160},${40 - ((y - lo) / (hi - lo || 1)) * 38}`);
  return `<svg width="160" height="42"><polyline fill="none" stroke="#1f77b4" stroke-width="1.5" points="${pts.join(' ')}"/></svg>`;
}

async function project() {
  if (!lastSequences || lastSequences.length === 0) { say('latent-status', 'Score some data first.', true); return; }
  const method = $('method').value;
  try {
    const body = JSON.stringify({ sequences: lastSequences.map((s) => s.map((v) => (Array.isArray(v) ? v : [v]))) });
    const doc = await call(api + '/' + encodeURIComponent(current.name) + '/project?method=' + method
      + (method === 'tsne' ? '&perplexity=' + Math.max(2, Math.min(30, Math.floor((lastSequences.length - 2) / 3))) : ''),
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const ev = doc.explained_variance;
    say('latent-status', `${doc.method.toUpperCase()} of ${doc.projected} latent vectors`
      + (ev && doc.method === 'pca' ? ` (PC1 ${(100 * ev[0]).toFixed(1)}%, PC2 ${(100 * ev[1]).toFixed(1)}%)` : '')
      + (doc.note ? ' — ' + doc.note : ''));
    const point = (r) => ({ value: r.coordinates, index: r.index, score: r.score });
    chart('latent-chart').setOption({
      title: { text: 'Latent space (' + doc.method + ')', left: 'center', textStyle: { fontSize: 14 } },
      legend: { bottom: 0 },
      tooltip: {
        trigger: 'item',
        formatter: (p) => `sequence ${p.data.index}<br>score ${p.data.score.toPrecision(4)} (${p.seriesName})<br>`
          + sparkline(lastSequences[p.data.index]),
      },
      xAxis: { type: 'value', scale: true },
      yAxis: { type: 'value', scale: true },
      series: [
        { name: 'normal', type: 'scatter', symbolSize: 7, itemStyle: { color: '#1f77b4' },
          data: doc.rows.filter((r) => !r.is_anomaly).map(point) },
        { name: 'anomaly', type: 'scatter', symbolSize: 7, itemStyle: { color: '#d62728' },
          data: doc.rows.filter((r) => r.is_anomaly).map(point) },
      ],
    }, true);
  } catch (e) {
    say('latent-status', e.message, true);
  }
}

// Live streams: the selected stream's last points redrawn every 2 s while "follow" is on and the
// tab is visible; intervals from its events (closed) and its state (the open one).
const streamsApi = '/api/v1/streams';
const LIVE_POINTS = 500;
let streamTimer = null;

async function loadStreams() {
  const doc = await call(streamsApi);
  const select = $('stream');
  const keep = select.value;
  select.innerHTML = '';
  for (const name of doc.streams) {
    const o = document.createElement('option');
    o.value = name;
    o.textContent = name;
    select.appendChild(o);
  }
  if (doc.streams.length === 0) {
    say('stream-info', 'No live streams yet: POST points to /api/v1/streams/{stream}/points.');
    return;
  }
  select.value = doc.streams.includes(keep) ? keep : doc.streams[0];
  await showStream(select.value);
}

/** The intervals to shade, as [start, end] point indices: closed ones from the events, the open one to the last point. */
function streamIntervals(events, state, lastIndex) {
  const out = [];
  for (const e of events) {
    if (e.kind === 'closed') out.push([e.interval.start, e.interval.end, false]);
  }
  if (state.open_interval) out.push([state.open_interval.start, lastIndex, true]);
  return out;
}

async function showStream(name) {
  if (!name) return;
  const base = streamsApi + '/' + encodeURIComponent(name);
  const [doc, recent, events] = await Promise.all([call(base), call(base + '/points?limit=' + LIVE_POINTS),
    call(base + '/events?limit=1000&after=' + 0)]);
  if ($('stream').value !== name) return;       // another stream was picked meanwhile
  const pts = recent.points;
  const first = pts.length ? pts[0].index : 0;
  const last = pts.length ? pts[pts.length - 1].index : 0;
  const st = doc.state;
  const shaded = streamIntervals(events.events, st, last).filter((i) => i[1] >= first && i[0] <= last);
  say('stream-info', `${name}: model ${doc.model}; ${st.points} points, ${st.scored} scored; ${st.state}`
    + (st.open_interval ? ` since point ${st.open_interval.start}` : '')
    + `; threshold ${Number(st.threshold).toPrecision(4)}; ${st.events} event(s)`);
  const x = pts.map((p) => String(p.index));     // category names: the points' numbers in the stream
  chart('stream-chart').setOption({
    animation: false,            // redrawn every 2 s: no morphing between draws
    title: { text: 'Stream ' + name, left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis', formatter: (ps) => {
      const p = pts[ps[0].dataIndex];
      return `point ${p.index} (${p.timestamp})<br>` + ps.map((q) => `${q.seriesName}: ${q.value == null ? '—'
        : Number(q.value).toPrecision(4)}`).join('<br>');
    } },
    legend: { bottom: 0 },
    xAxis: { type: 'category', name: 'point', nameLocation: 'middle', nameGap: 28, data: x },
    yAxis: [{ type: 'value', name: 'value', scale: true }, { type: 'value', name: 'score', scale: true }],
    series: [
      { name: 'value', type: 'line', showSymbol: false, data: pts.map((p) => p.values[0]),
        markArea: { itemStyle: { color: 'rgba(214,39,40,0.25)' },
          data: shaded.map((i) => [{ xAxis: String(Math.max(i[0], first)), name: i[2] ? 'open' : '' },
            { xAxis: String(Math.min(i[1], last)) }]) } },
      { name: 'smoothed score', type: 'line', yAxisIndex: 1, showSymbol: false, lineStyle: { opacity: 0.7 },
        data: pts.map((p) => p.smoothed_score) },
      { name: 'threshold', type: 'line', yAxisIndex: 1, showSymbol: false, lineStyle: { type: 'dashed', color: '#000' },
        data: pts.map((p) => p.threshold) },
    ],
  }, true);
}

function followStream() {
  if (streamTimer) clearInterval(streamTimer);
  streamTimer = null;
  if ($('stream-follow').checked) {
    streamTimer = setInterval(() => {
      if (!document.hidden && $('stream').value) {
        showStream($('stream').value).catch((e) => say('stream-info', e.message, true));
      }
    }, 2000);
  }
}

$('stream').addEventListener('change', (e) => showStream(e.target.value).catch((err) => say('stream-info', err.message, true)));
$('streams-refresh').addEventListener('click', () => loadStreams().catch((e) => say('stream-info', e.message, true)));
$('stream-follow').addEventListener('change', followStream);
$('model').addEventListener('change', (e) => showModel(e.target.value).catch((err) => say('model-info', err.message, true)));
$('file').addEventListener('change', async (e) => {
  const f = e.target.files[0];
  if (f) $('csv').value = await f.text();
});
$('score').addEventListener('click', score);
$('project').addEventListener('click', project);
$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const key = $('api-key').value.trim();
  if (key) {
    sessionStorage.setItem(KEY_ITEM, key);
  } else {
    sessionStorage.removeItem(KEY_ITEM);
  }
  $('api-key').value = '';
  $('key-status').textContent = key ? 'key set for this tab' : 'no key';
  loadModels().catch((err) => say('model-info', err.message, true));
  loadStreams().catch((err) => say('stream-info', err.message, true));
});
$('key-status').textContent = sessionStorage.getItem(KEY_ITEM) ? 'key set for this tab' : '';
loadModels().catch((e) => say('model-info', e.message, true));
loadStreams().catch((e) => say('stream-info', e.message, true));
followStream();
