// Health and engine activity. Runs over time come from the run history (/api/v1/runs/stats), so the
// charts show the last hour as soon as the page opens, alike on every instance; totals since the
// server started, step latency and LLM tokens come from this instance's /actuator/prometheus.
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
  const tokens = h('section', {'aria-labelledby': 'tok-h'}, h('h2', {id: 'tok-h'}, 'LLM tokens by model'));
  show(h('h1', {}, 'Overview'), h('div', {class: 'grid2'}, health, activity, totals, latency, tokens));

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
      fill(tokens, h('h2', {id: 'tok-h'}, 'LLM tokens by model'),
          barChart('LLM tokens by model and kind since the server started', tokenBars(samples), ' tokens'),
          h('p', {class: 'muted'}, 'Prompt (input) and completion (output) tokens the providers reported, '
              + 'counted by this instance since it started.'));
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

function tokenBars(samples) {
  const bars = new Map();
  for (const sample of samples) {
    if (sample.name !== 'plinth_llm_tokens_total') continue;
    const label = `${sample.labels.model} · ${sample.labels.kind === 'prompt' ? 'input' : 'output'}`;
    bars.set(label, (bars.get(label) || 0) + sample.value);
  }
  return [...bars.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, value]) => ({label, value}));
}
