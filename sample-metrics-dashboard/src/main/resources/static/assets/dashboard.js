// The dashboard page: polls GET /api/dashboard every 2 s (the one anonymous source of everything it draws, snapshot
// status included), draws the charts and tables, and posts metrics from the form. Everything is served by the app.
import { LabelChart, PALETTE, fmt } from './charts.js';
import { snapshotView, formatAge } from './snapshot.js';
import { renderKafka } from './kafka.js';

const POLL_MILLIS = 2000;
const MAX_BUCKETS = 720; // DashboardController.MAX_BUCKETS: the API refuses a longer series

const $ = id => document.getElementById(id);
const countChart = new LabelChart($('count-chart'), $('count-readout'), 'count');
const valueChart = new LabelChart($('value-chart'), $('value-readout'), 'value');
let timer = null;
let latest = 0; // sequence of the newest refresh: an older answer arriving late is dropped

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error(body?.detail ?? `${url} answered ${response.status}`);
  }
  return body;
}

async function refresh() {
  clearTimeout(timer);
  const sequence = ++latest;
  if (document.hidden) {
    return; // polling resumes when the page is shown again (visibilitychange)
  }
  const minutes = $('minutes').value;
  const step = $('step').value;
  try {
    const dashboard = await getJson(`/api/dashboard?minutes=${encodeURIComponent(minutes)}&step=${encodeURIComponent(step)}`);
    if (sequence !== latest) return;
    countChart.update(dashboard);
    valueChart.update(dashboard);
    renderLabels(dashboard);
    renderStores(dashboard);
    renderKafka($('kafka'), dashboard);
    setStatus(`Updated ${new Date(dashboard.generatedAt).toLocaleTimeString()}`, false);
    document.body.dataset.refreshed = dashboard.generatedAt;
  } catch (e) {
    if (sequence === latest) setStatus(`Refresh failed: ${e.message}`, true);
  } finally {
    if (sequence === latest) {
      clearTimeout(timer);
      timer = setTimeout(refresh, POLL_MILLIS);
    }
  }
}

function setStatus(text, error) {
  const status = $('refresh-status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function renderLabels(dashboard) {
  const tbody = $('labels').tBodies[0];
  const rows = dashboard.series.map((s, i) => {
    const row = document.createElement('tr');
    row.dataset.label = s.label;
    row.dataset.count = String(s.count);
    const name = document.createElement('th');
    name.scope = 'row';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = PALETTE[i % PALETTE.length];
    swatch.setAttribute('aria-hidden', 'true');
    name.append(swatch, s.label);
    row.appendChild(name);
    cell(row, String(s.count), 'num count');
    cell(row, fmt(s.avg), 'num avg');
    cell(row, fmt(s.min), 'num min');
    cell(row, fmt(s.max), 'num max');
    return row;
  });
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const td = cell(row, 'No metric in the window yet: post one below.', 'empty');
    td.colSpan = 5;
    rows.push(row);
  }
  tbody.replaceChildren(...rows);
  const l = dashboard.labels;
  $('labels-note').textContent = l.omitted > 0
    ? `Showing the ${l.shown} labels with the most events out of ${l.total} (${l.omitted} not shown; at most ${l.limit}).`
    : `${l.total} label${l.total === 1 ? '' : 's'} in the last ${dashboard.window.minutes} min, ${dashboard.window.stepSeconds} s per step.`;
}

function renderStores(dashboard) {
  const now = Date.parse(dashboard.generatedAt);
  const rows = dashboard.stores.map(store => {
    const row = document.createElement('tr');
    row.dataset.store = store.name;
    row.dataset.buffered = String(store.buffered);
    const name = document.createElement('th');
    name.scope = 'row';
    name.textContent = store.name;
    row.appendChild(name);

    const fill = cell(row, '', 'fill');
    const meter = document.createElement('meter');
    meter.min = 0;
    meter.max = store.capacity;
    meter.value = store.buffered;
    meter.setAttribute('aria-label', `${store.name}: ${store.buffered} of ${store.capacity} events buffered`);
    const text = document.createElement('span');
    text.className = 'fill-text';
    text.textContent = `${store.buffered.toLocaleString()} / ${store.capacity.toLocaleString()} (${(store.fill * 100).toFixed(1)} %)`;
    fill.append(meter, text);

    cell(row, store.appendsPerSecond.toFixed(1), 'num rate');
    const last = cell(row, store.lastAppend ? formatAge((now - Date.parse(store.lastAppend)) / 1000) : 'never', 'last');
    if (store.lastAppend) last.title = store.lastAppend;

    const snapshot = snapshotView(store.snapshot, now);
    const status = cell(row, snapshot.status, 'snapshot-status');
    status.dataset.status = snapshot.status;
    const age = cell(row, snapshot.age, 'snapshot-age');
    age.title = snapshot.title;
    return row;
  });
  $('stores').tBodies[0].replaceChildren(...rows);
}

async function postMetric(event) {
  event.preventDefault();
  const form = event.target;
  const out = $('post-status');
  const label = $('metric-label').value.trim();
  const value = Number($('metric-value').value);
  try {
    const response = await fetch('/metrics', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ label, value }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(body?.detail ?? `POST /metrics answered ${response.status}`);
    }
    out.textContent = `Stored ${body.label} = ${body.value}`;
    out.className = 'post-status ok';
    form.querySelector('#metric-value').value = '';
    refresh();
  } catch (e) {
    out.textContent = e.message;
    out.className = 'post-status error';
  }
}

// Steps that would cut the chosen length into more buckets than the API serves are not offered.
function limitSteps() {
  const seconds = Number($('minutes').value) * 60;
  const step = $('step');
  for (const option of step.options) {
    option.disabled = Math.ceil(seconds / Number(option.value)) > MAX_BUCKETS;
  }
  if (step.selectedOptions[0]?.disabled) {
    step.value = [...step.options].find(option => !option.disabled).value;
  }
}

$('minutes').addEventListener('change', () => { limitSteps(); refresh(); });
$('step').addEventListener('change', refresh);
document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
$('post-metric').addEventListener('submit', postMetric);
limitSteps();
refresh();
