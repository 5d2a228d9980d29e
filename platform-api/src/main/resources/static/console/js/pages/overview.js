// Health and engine activity. Runs and LLM tokens over time come from the server's history
// (/api/v1/runs/stats), so the charts show the last hour as soon as the page opens, alike on every
// instance; totals since the server started and step latency come from its /actuator/prometheus.
import {h, fill, show, notice, badge} from '../dom.js';
import {get, getText, request} from '../api.js';
import {parsePrometheus, sumBy} from '../prometheus.js';
import {lineChart, barChart, legend} from '../charts.js';

const POLL_MS = 5000;
const OUTCOMES = ['started', 'completed', 'failed', 'cancelled'];

export function overviewPage() {
  const health = h('section', {'aria-labelledby': 'health-h'}, h('h2', {id: 'health-h'}, 'Health'), h('p', {}, 'Loading…'));
  const activity = h('section', {'aria-labelledby': 'act-h'}, h('h2', {id: 'act-h'}, 'Runs per minute, last hour'));
  const totals = h('section', {'aria-labelledby': 'tot-h'}, h('h2', {id: 'tot-h'}, 'Runs since the server started'));
  const latency = h('section', {'aria-labelledby': 'lat-h'}, h('h2', {id: 'lat-h'}, 'Average step latency by step type'));
  const tokens = h('section', {'aria-labelledby': 'tok-h'}, h('h2', {id: 'tok-h'}, 'LLM tokens, last hour'));
  show(h('h1', {}, 'Overview'), h('div', {class: 'grid2'}, health, activity, tokens, totals, latency));

  let timer = null;
  let stopped = false;

  async function poll() {
    try {
      const [status, stats, text] = await Promise.all([
        request('GET', '/actuator/health').catch(e => e.problem || {status: 'DOWN'}),
        get('/api/v1/runs/stats?bucket=1m'),
        getText('/actuator/prometheus'),
      ]);
      fill(health, h('h2', {id: 'health-h'}, 'Health'), healthView(status));
      fill(activity, h('h2', {id: 'act-h'}, 'Runs per minute, last hour'),
          lineChart('Runs started, completed, failed and cancelled per minute', series(stats.runs), '/min'),
          legend(OUTCOMES), summary(stats.runs));
      const samples = parsePrometheus(text);
      const ended = sumBy(samples, 'plinth_workflow_runs_ended_total', 'outcome');
      fill(totals, h('h2', {id: 'tot-h'}, 'Runs since the server started'),
          barChart('Runs since the server started', [
            {label: 'started', value: sum(sumBy(samples, 'plinth_workflow_runs_started_total'))},
            ...[...ended.entries()].map(([outcome, value]) => ({label: outcome, value})),
          ]));
      const count = sumBy(samples, 'plinth_workflow_step_duration_seconds_count', 'type');
      const total = sumBy(samples, 'plinth_workflow_step_duration_seconds_sum', 'type');
      fill(latency, h('h2', {id: 'lat-h'}, 'Average step latency by step type'),
          barChart('Average step latency by step type', [...count.entries()].filter(([, c]) => c > 0)
              .map(([type, c]) => ({label: type, value: (total.get(type) || 0) / c * 1000})), ' ms'));
      const models = [...new Set(stats.llmTokens.map(t => t.model))].sort();
      fill(tokens, h('h2', {id: 'tok-h'}, 'LLM tokens, last hour'), models.length ? [
        lineChart('LLM tokens per minute by model', tokenSeries(stats, models), '/min'), legend(models),
        barChart('LLM tokens in the last hour by model, input and output', tokenBars(stats.llmTokens), ' tokens'),
      ] : h('p', {class: 'muted'}, 'No LLM call in the last hour.'));
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

/** One line per outcome over the buckets of the window (each bucket is a minute). */
function series(buckets) {
  return OUTCOMES.map(name => ({name, points: buckets.map(b => [Date.parse(b.start), b[name]])}));
}

function summary(buckets) {
  const total = Object.fromEntries(OUTCOMES.map(name => [name, buckets.reduce((n, b) => n + b[name], 0)]));
  const ended = total.completed + total.failed + total.cancelled;
  return h('p', {id: 'runs-last-hour'}, `Last hour: ${total.started} started, ${total.completed} completed, `
      + `${total.failed} failed, ${total.cancelled} cancelled`,
      ended ? ` — error rate ${(total.failed / ended * 100).toFixed(1)} %.` : ' — no run ended.');
}

/** Input plus output tokens per minute, one line per model, over the same minutes as the runs chart. */
function tokenSeries(stats, models) {
  return models.map(model => {
    const used = new Map(stats.llmTokens.filter(t => t.model === model)
        .map(t => [Date.parse(t.start), t.promptTokens + t.completionTokens]));
    return {name: model, points: stats.runs.map(b => [Date.parse(b.start), used.get(Date.parse(b.start)) || 0])};
  });
}

function tokenBars(tokens) {
  const bars = new Map();
  for (const t of tokens) {
    bars.set(`${t.model} · input`, (bars.get(`${t.model} · input`) || 0) + t.promptTokens);
    bars.set(`${t.model} · output`, (bars.get(`${t.model} · output`) || 0) + t.completionTokens);
  }
  return [...bars.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => ({label, value}));
}
