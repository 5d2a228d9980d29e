// Health and engine activity. Prometheus counters are cumulative, so the "over time" charts are
// rates computed between polls while this page is open (the server keeps no history of its own).
import {h, fill, show, notice, badge} from '../dom.js';
import {getText, request} from '../api.js';
import {parsePrometheus, sumBy} from '../prometheus.js';
import {lineChart, barChart, legend} from '../charts.js';

const POLL_MS = 5000;
const KEEP = 120;

export function overviewPage() {
  const health = h('section', {'aria-labelledby': 'health-h'}, h('h2', {id: 'health-h'}, 'Health'), h('p', {}, 'Loading…'));
  const activity = h('section', {'aria-labelledby': 'act-h'}, h('h2', {id: 'act-h'}, 'Runs per minute'));
  const totals = h('section', {'aria-labelledby': 'tot-h'}, h('h2', {id: 'tot-h'}, 'Runs since the server started'));
  const latency = h('section', {'aria-labelledby': 'lat-h'}, h('h2', {id: 'lat-h'}, 'Average step latency by step type'));
  show(h('h1', {}, 'Overview'), h('div', {class: 'grid2'}, health, totals, activity, latency));

  const history = [];
  let timer = null;
  let stopped = false;

  async function poll() {
    try {
      const status = await request('GET', '/actuator/health').catch(e => e.problem || {status: 'DOWN'});
      fill(health, h('h2', {id: 'health-h'}, 'Health'), healthView(status));
      const samples = parsePrometheus(await getText('/actuator/prometheus'));
      const started = sum(sumBy(samples, 'plinth_workflow_runs_started_total'));
      const ended = sumBy(samples, 'plinth_workflow_runs_ended_total', 'outcome');
      history.push({t: Date.now(), started, completed: ended.get('completed') || 0, failed: ended.get('failed') || 0});
      if (history.length > KEEP) history.shift();
      fill(totals, h('h2', {id: 'tot-h'}, 'Runs since the server started'),
          barChart('Runs since the server started', [
            {label: 'started', value: started},
            ...[...ended.entries()].map(([outcome, value]) => ({label: outcome, value})),
          ]));
      fill(activity, h('h2', {id: 'act-h'}, 'Runs per minute (since this page opened)'),
          lineChart('Runs started, completed and failed per minute', rates(history), '/min'),
          legend(['started', 'completed', 'failed']), errorRate(history));
      const count = sumBy(samples, 'plinth_workflow_step_duration_seconds_count', 'type');
      const total = sumBy(samples, 'plinth_workflow_step_duration_seconds_sum', 'type');
      fill(latency, h('h2', {id: 'lat-h'}, 'Average step latency by step type'),
          barChart('Average step latency by step type', [...count.entries()].filter(([, c]) => c > 0)
              .map(([type, c]) => ({label: type, value: (total.get(type) || 0) / c * 1000})), ' ms'));
    } catch (error) {
      health.append(notice('error', error.message));
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  }
  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function healthView(status) {
  const components = Object.entries(status.components || {});
  return h('div', {}, h('p', {}, 'Plinth is ', badge(String(status.status || 'UNKNOWN').toLowerCase())),
      components.length ? h('ul', {class: 'plain'}, components.map(([name, c]) =>
          h('li', {}, name + ': ', badge(String(c.status).toLowerCase())))) : null);
}

function sum(map) {
  let total = 0;
  for (const value of map.values()) total += value;
  return total;
}

function rates(history) {
  const series = {started: [], completed: [], failed: []};
  for (let i = 1; i < history.length; i++) {
    const a = history[i - 1], b = history[i];
    const minutes = (b.t - a.t) / 60000;
    for (const name of Object.keys(series)) series[name].push([b.t, Math.max(0, b[name] - a[name]) / minutes]);
  }
  return Object.entries(series).map(([name, points]) => ({name, points}));
}

function errorRate(history) {
  if (history.length < 2) return null;
  const first = history[0], last = history[history.length - 1];
  const ended = (last.completed - first.completed) + (last.failed - first.failed);
  return h('p', {}, ended ? `Error rate since this page opened: ${((last.failed - first.failed) / ended * 100).toFixed(1)} %`
      : 'No run ended since this page opened.');
}
