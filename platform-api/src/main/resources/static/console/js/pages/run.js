// One run: status, a Gantt chart of its step attempts (from the run timeline API), each attempt's input/output/error, its
// child runs, and the actions its state allows. The page follows the run through its server-sent event stream
// (GET .../events, the session cookie goes along): each change arrives as the complete state (the run and its
// attempts) and only then are the timeline and child runs read again. Should the stream fail repeatedly (a proxy
// that buffers it, the tenant's limit of open streams), the page polls every 1.5 s instead and says so.
import {h, fill, show, when, json, field, notice, badge} from '../dom.js';
import {get, post, seg} from '../api.js';
import {canBuild} from '../session.js';
import {ganttChart} from '../charts.js';
import {timelineRows} from '../timeline.js';
import {go} from '../router.js';

const POLL_MS = 1500;
const STREAM_ATTEMPTS = 3;
const ACTIVE = new Set(['running', 'paused']);
const WAITING_TYPES = new Set(['approval', 'awaitSignal', 'wait']);

export async function runPage({app, run: id}) {
  const base = `/api/v1/apps/${seg(app)}/runs/${seg(id)}`;
  const live = h('div', {'aria-live': 'polite'});
  const actions = h('section', {'aria-labelledby': 'act-h', class: 'card'});
  const message = h('div', {id: 'run-message'});
  const mode = h('p', {id: 'run-live', class: 'live-mode', dataset: {mode: 'connecting'}}, 'Connecting…');
  show(h('h1', {}, `Run ${id.slice(0, 8)}`),
      h('p', {}, h('a', {href: `#/apps/${seg(app)}/runs`}, `All runs of ${app}`)),
      mode, message, live, actions);

  let stopped = false;
  let timer = null;
  let source = null;
  let failures = 0;
  let streaming = false;
  let polling = typeof EventSource !== 'function';
  let renders = 0;
  let actionsKey = null;

  const setMode = (name, text) => {
    mode.dataset.mode = name;
    mode.textContent = text;
  };
  const failed = (error) => fill(message, notice('error', error.message));
  // After an action an open stream brings the change by itself. A stream that ended with the run
  // (the action may have been a retry, or the run ended before the action's answer came) is opened
  // again: it starts with the current state. Only a page that fell back to polling asks at once.
  const refresh = () => {
    if (streaming || stopped) return;
    clearTimeout(timer);
    if (polling) poll();
    else stream();
  };

  async function render(run, history) {
    const seq = ++renders;
    const [children, laidOut] = await Promise.all([get(`${base}/children`), get(`${base}/timeline`)]);
    if (stopped || seq !== renders) return; // a newer state is being drawn
    keepingOpenDetails(live, () => fill(live, summary(run), timeline(laidOut), steps(history), childList(app, children)));
    const key = run.status + '|' + history.filter(a => !a.endedAt).map(a => a.stepId).join(',');
    if (key !== actionsKey) {
      actionsKey = key;
      fill(actions, ...actionsFor(app, base, run, history, message, refresh));
    }
  }

  async function poll() {
    try {
      const [run, history] = await Promise.all([get(base), get(`${base}/history`)]);
      await render(run, history);
      if (ACTIVE.has(run.status)) {
        if (!stopped) timer = setTimeout(poll, POLL_MS);
      } else {
        setMode('ended', 'The run has ended.');
      }
    } catch (error) {
      failed(error);
    }
  }

  function stream() {
    source?.close();
    const current = new EventSource(`${base}/events`);
    source = current;
    current.addEventListener('run', (event) => {
      failures = 0;
      streaming = true;
      setMode('live', 'Live: changes stream in as they happen.');
      const {run, history} = JSON.parse(event.data);
      render(run, history).catch(failed);
    });
    current.addEventListener('end', (event) => {
      current.close();
      streaming = false;
      const {status} = JSON.parse(event.data);
      setMode('ended', status === 'deleted' ? 'The run no longer exists (its history was purged).'
          : 'Followed live until the run ended.');
    });
    current.onerror = () => {
      if (stopped || current !== source) return;
      streaming = false;
      failures++;
      if (failures >= STREAM_ATTEMPTS) {
        current.close();
        polling = true;
        setMode('polling', `Live updates are unavailable; refreshing every ${POLL_MS / 1000} s.`);
        poll();
      } else if (current.readyState === EventSource.CLOSED) {
        // Refused (say, too many open streams): the browser will not retry by itself.
        setMode('reconnecting', 'Reconnecting…');
        timer = setTimeout(stream, 1000 * failures);
      } else {
        setMode('reconnecting', 'Reconnecting…');
      }
    };
  }

  if (polling) await poll();
  else stream();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}

/** Re-renders without closing what the reader opened or losing their keyboard focus. */
function keepingOpenDetails(region, render) {
  const open = new Set([...region.querySelectorAll('details[open]')].map(d => d.dataset.key));
  const focused = document.activeElement?.closest?.('details')?.dataset.key;
  render();
  for (const details of region.querySelectorAll('details')) {
    if (open.has(details.dataset.key)) details.open = true;
    if (focused && details.dataset.key === focused) details.querySelector('summary').focus();
  }
}

function summary(run) {
  return h('section', {'aria-labelledby': 'sum-h'}, h('h2', {id: 'sum-h', class: 'sr-only'}, 'Summary'),
      h('dl', {class: 'facts'},
          h('dt', {}, 'Status'), h('dd', {id: 'run-status'}, badge(run.status)),
          h('dt', {}, 'Workflow'), h('dd', {}, run.workflow),
          h('dt', {}, 'Revision'), h('dd', {}, run.revision),
          h('dt', {}, 'Started'), h('dd', {}, when(run.createdAt)),
          h('dt', {}, 'Ended'), h('dd', {}, when(run.endedAt)),
          run.parent ? [h('dt', {}, 'Parent run'), h('dd', {},
              h('a', {href: `#/apps/${seg(run.app)}/runs/${run.parent.runId}`}, run.parent.runId.slice(0, 8)),
              ` (step ${run.parent.stepId}, slot ${run.parent.slot})`)] : null),
      h('details', {dataset: {key: 'input'}}, h('summary', {}, 'Input'), h('pre', {}, json(run.input))),
      run.output !== null && run.output !== undefined ? h('div', {}, h('h3', {}, 'Output'), h('pre', {}, json(run.output))) : null,
      run.error ? h('div', {}, h('h3', {}, 'Error'), h('pre', {class: 'error'}, json(run.error))) : null);
}

function timeline(laidOut) {
  return h('section', {'aria-labelledby': 'tl-h'}, h('h2', {id: 'tl-h'}, 'Timeline'),
      ganttChart('Step attempts over time, waits hatched, critical path outlined', timelineRows(laidOut)),
      laidOut.truncated ? h('p', {class: 'muted'}, 'This run has more child runs than one timeline shows.') : null,
      h('p', {class: 'muted'}, 'Outlined bars are on the critical path; hatched stretches are waits (timer, signal, ',
          'approval, retry backoff).'));
}

function steps(history) {
  return h('section', {'aria-labelledby': 'steps-h'}, h('h2', {id: 'steps-h'}, 'Steps and attempts'),
      h('table', {class: 'list'},
          h('thead', {}, h('tr', {}, ['Step', 'Type', 'Attempt', 'Status', 'Started', 'Ended', 'Data']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, history.map(a => h('tr', {dataset: {step: a.stepId}},
              h('td', {}, a.stepId), h('td', {}, a.type), h('td', {}, a.attempt), h('td', {}, badge(shownStatus(a))),
              h('td', {}, when(a.startedAt)), h('td', {}, when(a.endedAt)),
              h('td', {}, h('details', {dataset: {key: `${a.stepId}#${a.attempt}`}}, h('summary', {}, 'Input, output, error'),
                  h('h4', {}, 'Input'), h('pre', {}, json(a.input)),
                  h('h4', {}, 'Output'), h('pre', {}, json(a.output)),
                  a.error ? [h('h4', {}, 'Error'), h('pre', {class: 'error'}, json(a.error))] : null)))))));
}

/** An approval, signal or timer step the engine still holds open is waiting, whatever it is recorded as. */
function shownStatus(attempt) {
  return !attempt.endedAt && WAITING_TYPES.has(attempt.type) && attempt.status === 'dispatched' ? 'waiting'
      : attempt.status;
}

function childList(app, children) {
  if (!children.length) return null;
  return h('section', {'aria-labelledby': 'child-h'}, h('h2', {id: 'child-h'}, 'Child runs'),
      h('ul', {class: 'plain'}, children.map(c => h('li', {},
          h('a', {href: `#/apps/${seg(app)}/runs/${c.id}`}, c.id.slice(0, 8)), ' ',
          `${c.parent?.stepId ?? ''} #${c.parent?.slot ?? ''} `, badge(c.status)))));
}

function actionsFor(app, base, run, history, message, refresh) {
  if (!canBuild()) return [h('h2', {id: 'act-h'}, 'Actions'), h('p', {}, 'Your role can only read this run.')];
  const act = (label, path, body, confirmText) => h('button', {type: 'button', onclick: async () => {
    if (confirmText && !confirm(confirmText)) return;
    try {
      const result = await post(`${base}/${path}`, body);
      fill(message, notice('ok', `${label}: done.`));
      if (result && result.id && result.id !== run.id) go(`/apps/${seg(app)}/runs/${result.id}`);
      else refresh();
    } catch (error) {
      fill(message, notice('error', error.message));
    }
  }}, label);

  const waiting = history.filter(a => !a.endedAt);
  const parts = [h('h2', {id: 'act-h'}, 'Actions')];
  const buttons = [];
  if (run.status === 'running') buttons.push(act('Pause', 'pause'));
  if (run.status === 'paused') buttons.push(act('Resume', 'resume'));
  if (ACTIVE.has(run.status)) buttons.push(act('Cancel run', 'cancel', undefined, 'Cancel this run and all its child runs?'));
  if (run.status === 'failed') buttons.push(act('Retry from the failed step', 'retry'));
  parts.push(h('div', {class: 'actions'}, buttons));

  for (const a of waiting.filter(a => a.type === 'approval')) {
    const comment = h('input', {name: 'comment'});
    parts.push(h('div', {class: 'approval', dataset: {step: a.stepId}},
        h('h3', {}, `Approval: ${a.stepId}`), h('p', {}, a.input?.prompt || ''),
        field('Comment', comment),
        h('div', {class: 'actions'},
            h('button', {type: 'button', class: 'primary', onclick: () => decide(true)}, 'Approve'),
            h('button', {type: 'button', onclick: () => decide(false)}, 'Reject'))));
    async function decide(approved) {
      try {
        await post(`${base}/approvals/${seg(a.stepId)}`, {approved, comment: comment.value || null});
        fill(message, notice('ok', approved ? 'Approved.' : 'Rejected.'));
        refresh();
      } catch (error) {
        fill(message, notice('error', error.message));
      }
    }
  }

  for (const a of waiting.filter(a => a.type === 'awaitSignal')) {
    const payload = h('textarea', {name: 'signal-payload', rows: 3, class: 'mono'}, '{}');
    const name = a.input?.signal || '';
    parts.push(h('form', {class: 'signal', onsubmit: async (event) => {
      event.preventDefault();
      try {
        await post(`${base}/signals/${seg(name)}`, JSON.parse(payload.value || 'null'));
        fill(message, notice('ok', `Signal ${name} sent.`));
        refresh();
      } catch (error) {
        fill(message, notice('error', error.message));
      }
    }}, h('h3', {}, `Send signal "${name}" to step ${a.stepId}`), field('Payload (JSON)', payload),
    h('button', {type: 'submit'}, 'Send signal')));
  }

  if (!ACTIVE.has(run.status)) parts.push(rerunForm(app, base, run, history, message));
  return parts;
}

function rerunForm(app, base, run, history, message) {
  const stepIds = [...new Set(history.filter(a => !a.stepId.includes('/')).map(a => a.stepId))];
  const from = h('select', {name: 'from-step'}, stepIds.map(s => h('option', {value: s}, s)));
  const input = h('textarea', {name: 'rerun-input', rows: 5, class: 'mono'}, json(run.input ?? {}));
  return h('form', {class: 'rerun', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const started = await post(`${base}/rerun`, {fromStep: from.value, input: JSON.parse(input.value)});
      go(`/apps/${seg(app)}/runs/${started.id}`);
    } catch (error) {
      fill(message, notice('error', error.message));
    }
  }}, h('h3', {}, 'Rerun from a step'), field('From step', from), field('Input (JSON)', input),
  h('button', {type: 'submit'}, 'Start new run from this step'));
}
