// Health and the tenant's engine activity. Every number and chart comes from the tenant's own run
// history (/api/v1/runs/stats): runs, error rate and step latency per minute, and LLM tokens, so the
// charts show the last hour as soon as the page opens, alike on every instance. The installation's
// metrics (/actuator/prometheus) hold every tenant's meters and are the operator's, not the console's.
import {h, fill, show, notice, badge} from '../dom.js';
import {get, request} from '../api.js';
import {lineChart, columnChart, barChart, legend, outcomeColor, format} from '../charts.js';

const POLL_MS = 5000;
const OUTCOMES = ['started', 'completed', 'failed', 'cancelled'];

export function overviewPage() {
  const health = h('section', {'aria-labelledby': 'health-h'}, h('h2', {id: 'health-h'}, 'Health'), h('p', {}, 'Loading…'));
  const activity = h('section', {'aria-labelledby': 'act-h'}, h('h2', {id: 'act-h'}, 'Runs per minute, last hour'));
  const errors = h('section', {'aria-labelledby': 'err-h'}, h('h2', {id: 'err-h'}, 'Error rate per minute, last hour'));
  const latency = h('section', {'aria-labelledby': 'lat-h'}, h('h2', {id: 'lat-h'}, 'Step latency per minute, last hour'));
  const tokens = h('section', {'aria-labelledby': 'tok-h'}, h('h2', {id: 'tok-h'}, 'LLM tokens, last hour'));
  show(h('h1', {}, 'Overview'), h('div', {class: 'grid2'}, health, activity, errors, latency, tokens));

  let timer = null;
  let stopped = false;

  async function poll() {
    try {
      const [status, stats] = await Promise.all([
        request('GET', '/actuator/health').catch(e => e.problem || {status: 'DOWN'}),
        get('/api/v1/runs/stats?bucket=1m'),
      ]);
      fill(health, h('h2', {id: 'health-h'}, 'Health'), healthView(status));
      fill(activity, h('h2', {id: 'act-h'}, 'Runs per minute, last hour'),
          lineChart('Runs started, completed, failed and cancelled per minute', series(stats.runs), '/min'),
          legend(OUTCOMES.map(name => ({name, color: outcomeColor(name)}))), summary(stats.runs));
      fill(errors, h('h2', {id: 'err-h'}, 'Error rate per minute, last hour'),
          columnChart('Share of the runs ended in each minute that failed', errorRates(stats.runs), ' %', {max: 100}),
          h('p', {class: 'muted'}, 'Failed runs out of the runs that ended in the minute; minutes without an ended run '
              + 'have no column.'));
      fill(latency, h('h2', {id: 'lat-h'}, 'Step latency per minute, last hour'), latencyView(stats));
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

/** One line per outcome over the buckets of the window (each bucket is a minute). */
function series(buckets) {
  return OUTCOMES.map(name => ({name, color: outcomeColor(name), points: buckets.map(b => [Date.parse(b.start), b[name]])}));
}

function summary(buckets) {
  const total = Object.fromEntries(OUTCOMES.map(name => [name, buckets.reduce((n, b) => n + b[name], 0)]));
  const ended = total.completed + total.failed + total.cancelled;
  return h('p', {id: 'runs-last-hour'}, `Last hour: ${total.started} started, ${total.completed} completed, `
      + `${total.failed} failed, ${total.cancelled} cancelled`,
      ended ? ` — error rate ${(total.failed / ended * 100).toFixed(1)}\u00a0%.` : ' — no run ended.');
}

/** Failed out of ended runs per minute, in per cent; a minute in which no run ended has no column. */
function errorRates(buckets) {
  return buckets.map(b => {
    const ended = b.completed + b.failed + b.cancelled;
    const time = Date.parse(b.start);
    const rate = ended ? b.failed / ended * 100 : null;
    return {time, value: rate, color: outcomeColor('failed'), label: ended
      ? `${new Date(time).toLocaleTimeString()}: ${b.failed} of ${ended} ended runs failed (${format(rate)} %)` : ''};
  });
}

/**
 * p95 and mean of all steps together, then the p95 of each step type: of the step attempts of the
 * runs that ended in each minute. Minutes without any leave a gap.
 */
function latencyView(stats) {
  const {overall, byStepType} = stats.stepLatency;
  if (!overall.length) return h('p', {class: 'muted'}, 'No run ended in the last hour.');
  const minutes = stats.runs.map(b => Date.parse(b.start));
  const along = (measured, pick) => {
    const at = new Map(measured.map(m => [Date.parse(m.start), m]));
    return minutes.map(t => at.has(t) ? [t, pick(at.get(t)), `${at.get(t).attempts} attempts`] : [t, null]);
  };
  const overallSeries = [
    {name: 'p95', color: '#7c3aed', points: along(overall, m => m.p95Millis)},
    {name: 'mean', color: '#0891b2', points: along(overall, m => m.meanMillis)},
  ];
  const types = [...new Set(byStepType.map(m => m.stepType))].sort();
  const typeSeries = types.map(type => ({name: type, points: along(byStepType.filter(m => m.stepType === type),
      m => m.p95Millis)}));
  return [
    lineChart('Step latency per minute, p95 and mean of all steps', overallSeries, ' ms', {dots: true}),
    legend(overallSeries),
    lineChart('p95 step latency per minute by step type', typeSeries, ' ms', {dots: true}),
    legend(types),
    h('p', {class: 'muted'}, 'Start to end of each step attempt of the runs that ended in the minute; '
        + 'waiting steps (approvals, timers, signals) count their wait.'),
  ];
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
