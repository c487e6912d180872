// The two uPlot charts: events per step, and average value per step with a min–max band. uPlot is the global
// of /webjars/uplot/dist/uPlot.iife.min.js (served by the app from the webjar, no CDN).

export const PALETTE = ['#1f6fb4', '#d62728', '#2a9d3a', '#8e55c2', '#e07b00', '#129aa8', '#8c564b', '#d6479f'];

const HEIGHT = 260;

/** A chart bound to a container; it is rebuilt when the set of labels changes, otherwise only its data. */
export class LabelChart {
  constructor(container, readout, kind) {
    this.container = container;
    this.readout = readout;
    this.kind = kind; // 'count' or 'value'
    this.plot = null;
    this.key = null;
    this.width = 0;
    // Resized in the next frame, and only on a width change, so a resize never re-triggers the observer.
    new ResizeObserver(() => requestAnimationFrame(() => {
      const size = this.size();
      if (this.plot && size.width !== this.width) {
        this.width = size.width;
        this.plot.setSize(size);
      }
    })).observe(container);
  }

  size() {
    return { width: Math.max(240, this.container.clientWidth), height: HEIGHT };
  }

  update(dashboard) {
    const labels = dashboard.series.map(s => s.label);
    const xs = dashboard.bucketStarts.map(t => t / 1000);
    const data = [xs];
    let points = 0;
    for (const s of dashboard.series) {
      if (this.kind === 'count') {
        data.push(s.counts);
        points += s.counts.reduce((a, b) => a + b, 0);
      } else {
        data.push(s.avgs, s.mins, s.maxs);
        points += s.avgs.filter(v => v != null).length;
      }
    }
    const key = JSON.stringify(labels);
    if (key !== this.key) {
      this.plot?.destroy();
      const options = this.options(labels);
      this.width = options.width;
      this.plot = new uPlot(options, data, this.container);
      this.key = key;
    } else {
      this.plot.setData(data);
    }
    this.container.dataset.labels = key;
    this.container.dataset.points = String(points);
    this.container.classList.toggle('empty', labels.length === 0);
  }

  options(labels) {
    const series = [{ label: 'Time' }];
    const bands = [];
    labels.forEach((label, i) => {
      const color = PALETTE[i % PALETTE.length];
      if (this.kind === 'count') {
        series.push({ label, stroke: color, width: 2, points: { show: true, size: 7, fill: color } });
      } else {
        const first = series.length;
        // Filled points: a bucket between two empty ones has no line, only its point.
        series.push({ label: `${label} avg`, stroke: color, width: 2, points: { show: true, size: 7, fill: color } });
        series.push({ label: `${label} min`, stroke: color + '88', width: 1, dash: [4, 4], points: { show: false } });
        series.push({ label: `${label} max`, stroke: color + '88', width: 1, dash: [4, 4], points: { show: false } });
        bands.push({ series: [first + 2, first + 1], fill: color + '22' });
      }
    });
    return {
      ...this.size(),
      legend: { show: false },
      padding: [12, 28, 0, 0], // room for the last time tick, which uPlot centres on the right edge
      scales: { x: { time: true } },
      axes: [{}, { label: this.kind === 'count' ? 'events' : 'value', size: 60 }],
      series,
      bands,
      hooks: {
        setCursor: [u => this.showCursor(u, labels)],
        draw: this.kind === 'value' ? [u => drawRanges(u, labels.length)] : [],
      },
    };
  }

  // The values under the cursor, as text (the charts' own legend is off: the label table is the legend).
  showCursor(u, labels) {
    const i = u.cursor.idx;
    if (i == null) {
      this.readout.textContent = '';
      return;
    }
    const time = new Date(u.data[0][i] * 1000).toLocaleTimeString();
    const parts = labels.map((label, n) => {
      if (this.kind === 'count') return `${label}: ${u.data[n + 1][i]}`;
      const [avg, min, max] = [u.data[3 * n + 1][i], u.data[3 * n + 2][i], u.data[3 * n + 3][i]];
      return avg == null ? `${label}: –` : `${label}: ${fmt(avg)} (${fmt(min)}–${fmt(max)})`;
    });
    this.readout.textContent = `${time} · ${parts.join(' · ')}`;
  }
}

// A vertical min–max bar at each bucket: the band alone is invisible for a bucket between two empty ones.
function drawRanges(u, labelCount) {
  const ctx = u.ctx;
  ctx.save();
  ctx.setLineDash([]);
  ctx.lineWidth = Math.max(1, Math.round(2 * devicePixelRatio));
  for (let n = 0; n < labelCount; n++) {
    const [mins, maxs] = [u.data[3 * n + 2], u.data[3 * n + 3]];
    ctx.strokeStyle = PALETTE[n % PALETTE.length] + 'aa';
    ctx.beginPath();
    for (let i = 0; i < mins.length; i++) {
      if (mins[i] == null || maxs[i] == null || mins[i] === maxs[i]) continue;
      const x = Math.round(u.valToPos(u.data[0][i], 'x', true));
      ctx.moveTo(x, u.valToPos(mins[i], 'y', true));
      ctx.lineTo(x, u.valToPos(maxs[i], 'y', true));
    }
    ctx.stroke();
  }
  ctx.restore();
}

export function fmt(v) {
  if (v == null) return '–';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(2) : Number(v.toFixed(3)).toString();
}
