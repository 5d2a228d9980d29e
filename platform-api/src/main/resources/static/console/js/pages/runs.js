// Runs of an app: filters (workflow, status, start time, id or id prefix) and cursor pagination done by the server,
// and starting a run.
import {h, fill, show, when, field, notice, badge} from '../dom.js';
import {get, post, seg, query} from '../api.js';
import {canBuild} from '../session.js';
import {go} from '../router.js';

const STATUSES = ['', 'running', 'paused', 'completed', 'failed', 'cancelled'];
const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function runsPage({app}, q) {
  const base = `/api/v1/apps/${seg(app)}`;
  const appInfo = await get(base);
  const workflows = appInfo.latestRevision
      ? ((await get(`${base}/revisions/${appInfo.latestRevision}`)).definition?.spec?.workflows || []).map(w => w.name)
      : [];
  const filter = {workflow: q.workflow, status: q.status, from: q.from, to: q.to, id: q.id};
  let page = {items: [], nextCursor: null};
  let problem = null;
  try {
    page = await get(`${base}/runs` + query({...filter, cursor: q.cursor, limit: 25}));
  } catch (error) {
    if (error.status !== 422) throw error;
    problem = notice('error', error.message, ...(error.problem?.errors || []).map(e => ` (${e.pointer})`));
  }

  const workflow = h('select', {name: 'workflow'}, h('option', {value: ''}, 'All'),
      workflows.map(w => h('option', {value: w}, w)));
  workflow.value = q.workflow || '';
  const status = h('select', {name: 'status'}, STATUSES.map(s => h('option', {value: s}, s || 'All')));
  status.value = q.status || '';
  const from = h('input', {type: 'datetime-local', name: 'from', value: localInput(q.from)});
  const to = h('input', {type: 'datetime-local', name: 'to', value: localInput(q.to)});
  const id = h('input', {name: 'run-id', value: q.id || '', spellcheck: 'false', autocomplete: 'off'});
  const filters = h('form', {class: 'inline', 'aria-label': 'Filter runs', onsubmit: (event) => {
    event.preventDefault();
    go(`/apps/${seg(app)}/runs` + query({workflow: workflow.value, status: status.value, from: iso(from.value),
      to: iso(to.value), id: id.value.trim()}));
  }}, field('Workflow', workflow), field('Status', status), field('Started from', from),
  field('Started before', to), field('Run id or prefix', id), h('button', {type: 'submit'}, 'Filter'),
  h('a', {href: `#/apps/${seg(app)}/runs`}, 'Clear'));

  const rows = page.items.map(run => h('tr', {dataset: {run: run.id}},
      h('td', {}, h('a', {href: `#/apps/${seg(app)}/runs/${run.id}`}, run.id.slice(0, 8))),
      h('td', {}, run.workflow), h('td', {}, badge(run.status)), h('td', {}, run.revision),
      h('td', {}, when(run.createdAt)), h('td', {}, when(run.endedAt))));

  show(h('h1', {}, `Runs of ${app}`),
      h('p', {}, h('a', {href: `#/apps/${seg(app)}`}, `Back to ${app}`)),
      canBuild() && workflows.length ? startForm(app, base, workflows) : null,
      h('div', {class: 'toolbar'}, filters),
      problem,
      // Branches, items and iterations are not listed; a copied id of one still opens.
      q.id && FULL_ID.test(q.id) && !page.items.length && !problem
          ? h('p', {}, h('a', {href: `#/apps/${seg(app)}/runs/${q.id}`}, `Open run ${q.id}`)) : null,
      h('table', {class: 'list'},
          h('caption', {class: 'sr-only'}, `Runs of ${app}, newest first`),
          h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'Status', 'Revision', 'Started', 'Ended']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 6}, 'No runs match.')))),
      page.nextCursor ? h('a', {class: 'more', href: `#/apps/${seg(app)}/runs` + query({...filter,
        cursor: page.nextCursor})}, 'Older runs') : null);
}

/** A datetime-local value (the browser's time zone) as an ISO instant for the API; empty stays empty. */
function iso(local) {
  if (!local) return '';
  const date = new Date(local);
  return isNaN(date) ? '' : date.toISOString();
}

/** An ISO instant from the address as a datetime-local value in the browser's time zone. */
function localInput(instant) {
  const date = instant ? new Date(instant) : null;
  if (!date || isNaN(date)) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function startForm(app, base, workflows) {
  const workflow = h('select', {name: 'start-workflow'}, workflows.map(w => h('option', {value: w}, w)));
  const input = h('textarea', {name: 'input', rows: 4, class: 'mono', spellcheck: 'false'}, '{}');
  const status = h('div');
  return h('details', {class: 'card'}, h('summary', {}, 'Start a run'),
      h('form', {onsubmit: async (event) => {
        event.preventDefault();
        try {
          const body = input.value.trim() ? {input: JSON.parse(input.value)} : {};
          const run = await post(`${base}/workflows/${seg(workflow.value)}/runs`, body);
          go(`/apps/${seg(app)}/runs/${run.id}`);
        } catch (error) {
          fill(status, notice('error', error.message,
              ...(error.problem?.errors || []).map(e => ` ${e.pointer}: ${e.message}`)));
        }
      }}, field('Workflow', workflow), field('Input (JSON)', input), status,
      h('button', {type: 'submit', class: 'primary'}, 'Start run')));
}
