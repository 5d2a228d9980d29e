// Small SVG charts drawn by hand (no charting library may be loaded): a line chart of series over
// time, horizontal bars, and a Gantt chart of step attempts.

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const child of children) {
    if (child === null || child === undefined) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function svg(width, height, title) {
  return s('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'chart',
    preserveAspectRatio: 'xMinYMin meet'}, s('title', {}, title));
}

const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2'];

/** series: [{name, points: [[timeMillis, value]]}] */
export function lineChart(title, series, unit = '') {
  const width = 600, height = 220, left = 64, bottom = 24, top = 10, right = 10;
  const chart = svg(width, height, title);
  const all = series.flatMap(x => x.points);
  if (all.length < 2) {
    chart.append(s('text', {x: left, y: height / 2, class: 'muted'}, 'Collecting data…'));
    return chart;
  }
  const t0 = Math.min(...all.map(p => p[0])), t1 = Math.max(...all.map(p => p[0]));
  const max = Math.max(1e-9, ...all.map(p => p[1]));
  const x = t => left + (width - left - right) * (t - t0) / Math.max(1, t1 - t0);
  const y = v => top + (height - top - bottom) * (1 - v / max);
  for (const fraction of [0, 0.5, 1]) {
    const value = max * fraction;
    chart.append(s('line', {x1: left, x2: width - right, y1: y(value), y2: y(value), class: 'grid'}));
    chart.append(s('text', {x: left - 4, y: y(value) + 4, 'text-anchor': 'end', class: 'axis'},
        format(value) + unit));
  }
  chart.append(s('text', {x: left, y: height - 6, class: 'axis'}, new Date(t0).toLocaleTimeString()));
  chart.append(s('text', {x: width - right, y: height - 6, 'text-anchor': 'end', class: 'axis'},
      new Date(t1).toLocaleTimeString()));
  series.forEach((serie, i) => {
    if (!serie.points.length) return;
    const d = serie.points.map((p, k) => `${k ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    chart.append(s('path', {d, fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 2},
        s('title', {}, serie.name)));
  });
  return chart;
}

/** A legend for the series of a chart, in the chart's colours. */
export function legend(names) {
  const list = document.createElement('ul');
  list.className = 'legend';
  names.forEach((name, i) => {
    const item = document.createElement('li');
    item.style.setProperty('--swatch', COLORS[i % COLORS.length]);
    item.textContent = name;
    list.append(item);
  });
  return list;
}

/** bars: [{label, value}] */
export function barChart(title, bars, unit = '') {
  // Labels (step types, "model · input") get the room the longest one needs, within limits.
  const row = 26, width = 600;
  const labelWidth = Math.min(320, Math.max(120, 12 + 6.5 * Math.max(0, ...bars.map(b => String(b.label).length))));
  const height = Math.max(1, bars.length) * row + 8;
  const chart = svg(width, height, title);
  if (!bars.length) {
    chart.append(s('text', {x: 4, y: 18, class: 'muted'}, 'No data yet'));
    return chart;
  }
  const max = Math.max(1e-9, ...bars.map(b => b.value));
  bars.forEach((bar, i) => {
    const y = 4 + i * row;
    const w = (width - labelWidth - 70) * bar.value / max;
    chart.append(s('text', {x: labelWidth - 6, y: y + 16, 'text-anchor': 'end', class: 'axis'}, bar.label));
    chart.append(s('rect', {x: labelWidth, y: y + 3, width: Math.max(1, w), height: row - 8,
      fill: COLORS[i % COLORS.length]}, s('title', {}, `${bar.label}: ${format(bar.value)}${unit}`)));
    chart.append(s('text', {x: labelWidth + w + 6, y: y + 16, class: 'axis'}, format(bar.value) + unit));
  });
  return chart;
}

/**
 * rows: [{label, start, end, status, waitingFor, critical, waits: [{start, end, kind}]}] with times in
 * millis; a row or wait without end runs to `now`.
 */
export function ganttChart(title, rows, now = Date.now()) {
  const row = 24, width = 800, labelWidth = 260;
  // Room after the bars for the longest duration label ("waiting, 12.5 s" when a step waits).
  const right = rows.some(r => r.waitingFor) ? 110 : 70;
  const height = rows.length * row + 30;
  const chart = svg(width, height, title);
  if (!rows.length) {
    chart.append(s('text', {x: 4, y: 18, class: 'muted'}, 'No steps yet'));
    return chart;
  }
  // Several charts may share a page; each gets its own pattern id.
  const hatch = 'wait-hatch-' + (++charts);
  chart.append(s('defs', {}, s('pattern', {id: hatch, patternUnits: 'userSpaceOnUse', width: 6, height: 6,
    patternTransform: 'rotate(45)'}, s('rect', {width: 6, height: 6, fill: '#fef3c7'}),
  s('line', {x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#b45309', 'stroke-width': 2}))));
  const t0 = Math.min(...rows.map(r => r.start));
  const t1 = Math.max(...rows.flatMap(r => [r.end ?? now, ...(r.waits || []).map(w => w.end ?? now)]), t0 + 1);
  const x = t => labelWidth + (width - labelWidth - right) * (t - t0) / (t1 - t0);
  chart.append(s('text', {x: labelWidth, y: height - 8, class: 'axis'}, '0 s'));
  chart.append(s('text', {x: width - right, y: height - 8, 'text-anchor': 'end', class: 'axis'},
      `${format((t1 - t0) / 1000)} s`));
  rows.forEach((r, i) => {
    const y = 4 + i * row;
    const end = r.end ?? now;
    const w = Math.max(2, x(end) - x(r.start));
    const status = r.waitingFor ? `waiting (${r.waitingFor})` : r.status;
    // A label longer than its column is cut short (whole in its tooltip) instead of running off the chart.
    chart.append(s('text', {x: labelWidth - 6, y: y + 15, 'text-anchor': 'end',
      class: 'axis' + (r.critical ? ' critical' : '')}, fit(r.label, labelWidth - 10), s('title', {}, r.label)));
    chart.append(s('rect', {x: x(r.start), y: y + 3, width: w, height: row - 8, rx: 3,
      class: 'bar ' + r.status + (r.critical ? ' critical' : '')},
        s('title', {}, `${r.label}: ${status}, ${format((end - r.start) / 1000)} s${r.critical ? ', on the critical path' : ''}`)));
    // Waits (timer, signal, approval, retry backoff) are drawn over the bar as hatched stretches.
    let rightmost = x(r.start) + w;
    for (const wait of r.waits || []) {
      const wEnd = wait.end ?? now;
      const wx = x(wait.start), ww = Math.max(2, x(wEnd) - x(wait.start));
      chart.append(s('rect', {x: wx, y: y + 3, width: ww, height: row - 8, class: 'wait', fill: `url(#${hatch})`},
          s('title', {}, `waiting (${wait.kind}) ${format((wEnd - wait.start) / 1000)} s`)));
      rightmost = Math.max(rightmost, wx + ww);
    }
    // The duration goes after whatever is drawn last on the row (a retry backoff follows its attempt).
    chart.append(s('text', {x: rightmost + 4, y: y + 15, class: 'axis'},
        r.waitingFor ? `waiting, ${format((end - r.start) / 1000)} s` : `${format((end - r.start) / 1000)} s`));
  });
  return chart;
}

let charts = 0;

/** The text, shortened with an ellipsis to about `room` units of an 11 px label. */
function fit(text, room) {
  const max = Math.max(4, Math.floor(room / 6.2));
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function format(value) {
  if (Number.isInteger(value) || value >= 100) return Math.round(value).toString();
  if (value >= 1) return value.toFixed(1);
  return value.toFixed(value === 0 ? 0 : 3);
}
