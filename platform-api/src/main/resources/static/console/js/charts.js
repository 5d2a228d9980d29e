// Small SVG charts drawn by hand (no charting library may be loaded): a line chart of series over
// time, columns over time, horizontal bars, and a Gantt chart of step attempts.

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

// Outcomes keep their colour on every chart, whatever their position: green for completed, red for
// failed, grey for cancelled; anything else (started, running, …) is drawn in a neutral blue-grey.
const OUTCOME_COLORS = {completed: '#16a34a', failed: '#dc2626', cancelled: '#9ca3af'};
const NEUTRAL = '#475569';

/** The colour of a run or step outcome, by name. */
export function outcomeColor(name) {
  return OUTCOME_COLORS[name] || NEUTRAL;
}

function colorOf(item, i) {
  return item.color || COLORS[i % COLORS.length];
}

/**
 * series: [{name, color?, points: [[timeMillis, value, note?]]}]. A null value leaves a gap in the
 * line. With dots, every value gets a marker whose tooltip names it (sparse series, where a line
 * may have a single point).
 */
export function lineChart(title, series, unit = '', {dots = false} = {}) {
  const width = 600, height = 220, left = 64, bottom = 24, top = 10, right = 10;
  const chart = svg(width, height, title);
  const all = series.flatMap(x => x.points);
  const values = all.filter(p => p[1] !== null && p[1] !== undefined);
  if (all.length < 2 || !values.length) {
    chart.append(s('text', {x: left, y: height / 2, class: 'muted'}, all.length < 2 ? 'Collecting data…' : 'No data yet'));
    return chart;
  }
  const t0 = Math.min(...all.map(p => p[0])), t1 = Math.max(...all.map(p => p[0]));
  const max = Math.max(1e-9, ...values.map(p => p[1]));
  const x = t => left + (width - left - right) * (t - t0) / Math.max(1, t1 - t0);
  const y = v => top + (height - top - bottom) * (1 - v / max);
  axes(chart, {width, height, left, right, t0, t1, max, y, unit});
  series.forEach((serie, i) => {
    const color = colorOf(serie, i);
    let d = '', drawing = false;
    for (const [t, v] of serie.points) {
      if (v === null || v === undefined) {
        drawing = false;
        continue;
      }
      d += `${drawing ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)} `;
      drawing = true;
    }
    if (!d) return;
    chart.append(s('path', {d: d.trim(), fill: 'none', stroke: color, 'stroke-width': 2}, s('title', {}, serie.name)));
    if (!dots) return;
    for (const [t, v, note] of serie.points) {
      if (v === null || v === undefined) continue;
      chart.append(s('circle', {cx: x(t).toFixed(1), cy: y(v).toFixed(1), r: 3, fill: color,
        'data-series': serie.name, 'data-value': v},
      s('title', {}, `${serie.name}, ${new Date(t).toLocaleTimeString()}: ${format(v)}${unit}${note ? ` (${note})` : ''}`)));
    }
  });
  return chart;
}

/**
 * One column per point in time: columns: [{time (millis), value (null: nothing to show), label, color?}],
 * scaled to `max` when given (e.g. 100 for percentages).
 */
export function columnChart(title, columns, unit = '', {max: fixedMax} = {}) {
  const width = 600, height = 160, left = 64, bottom = 24, top = 10, right = 10;
  const chart = svg(width, height, title);
  const shown = columns.filter(c => c.value !== null && c.value !== undefined);
  if (columns.length < 2 || !shown.length) {
    chart.append(s('text', {x: left, y: height / 2, class: 'muted'}, columns.length < 2 ? 'Collecting data…' : 'No data yet'));
    return chart;
  }
  const t0 = Math.min(...columns.map(c => c.time)), t1 = Math.max(...columns.map(c => c.time));
  const max = fixedMax || Math.max(1e-9, ...shown.map(c => c.value));
  const slot = (width - left - right) / columns.length;
  const x = t => left + (width - left - right - slot) * (t - t0) / Math.max(1, t1 - t0);
  const y = v => top + (height - top - bottom) * (1 - v / max);
  axes(chart, {width, height, left, right, t0, t1, max, y, unit});
  for (const column of shown) {
    const columnTop = y(column.value);
    chart.append(s('rect', {x: (x(column.time) + slot * 0.1).toFixed(1), y: columnTop.toFixed(1),
      width: Math.max(1, slot * 0.8).toFixed(1), height: Math.max(1, y(0) - columnTop).toFixed(1),
      fill: column.color || COLORS[0], class: 'column', 'data-value': column.value},
    s('title', {}, column.label)));
  }
  return chart;
}

// Grid lines at 0, half and the maximum, and the first and last time under the plot.
function axes(chart, {width, height, left, right, t0, t1, max, y, unit}) {
  for (const fraction of [0, 0.5, 1]) {
    const value = max * fraction;
    chart.append(s('line', {x1: left, x2: width - right, y1: y(value), y2: y(value), class: 'grid'}));
    chart.append(s('text', {x: left - 4, y: y(value) + 4, 'text-anchor': 'end', class: 'axis'},
        format(value) + unit));
  }
  chart.append(s('text', {x: left, y: height - 6, class: 'axis'}, new Date(t0).toLocaleTimeString()));
  chart.append(s('text', {x: width - right, y: height - 6, 'text-anchor': 'end', class: 'axis'},
      new Date(t1).toLocaleTimeString()));
}

/** A legend for the series of a chart, in the chart's colours: names, or {name, color} as the series. */
export function legend(items) {
  const list = document.createElement('ul');
  list.className = 'legend';
  items.forEach((item, i) => {
    const entry = typeof item === 'string' ? {name: item} : item;
    const li = document.createElement('li');
    li.style.setProperty('--swatch', colorOf(entry, i));
    li.textContent = entry.name;
    list.append(li);
  });
  return list;
}

/** bars: [{label, value, color?}] */
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
      fill: colorOf(bar, i)}, s('title', {}, `${bar.label}: ${format(bar.value)}${unit}`)));
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

export function format(value) {
  if (Number.isInteger(value) || value >= 100) return Math.round(value).toString();
  if (value >= 1) return value.toFixed(1);
  return value.toFixed(value === 0 ? 0 : 3);
}
