// Runs of an app: filters and cursor pagination done by the server, and starting a run.
import {h, fill, show, when, field, notice, badge} from '../dom.js';
import {get, post, seg, query} from '../api.js';
import {canBuild} from '../session.js';
import {go} from '../router.js';

const STATUSES = ['', 'running', 'paused', 'completed', 'failed', 'cancelled'];

export async function runsPage({app}, q) {
  const base = `/api/v1/apps/${seg(app)}`;
  const appInfo = await get(base);
  const workflows = appInfo.latestRevision
      ? ((await get(`${base}/revisions/${appInfo.latestRevision}`)).definition?.spec?.workflows || []).map(w => w.name)
      : [];
  const page = await get(`${base}/runs` + query({workflow: q.workflow, status: q.status, cursor: q.cursor, limit: 25}));

  const workflow = h('select', {name: 'workflow'}, h('option', {value: ''}, 'All'),
      workflows.map(w => h('option', {value: w}, w)));
  workflow.value = q.workflow || '';
  const status = h('select', {name: 'status'}, STATUSES.map(s => h('option', {value: s}, s || 'All')));
  status.value = q.status || '';
  const filters = h('form', {class: 'inline', 'aria-label': 'Filter runs', onsubmit: (event) => {
    event.preventDefault();
    go(`/apps/${seg(app)}/runs` + query({workflow: workflow.value, status: status.value}));
  }}, field('Workflow', workflow), field('Status', status), h('button', {type: 'submit'}, 'Filter'));

  const open = h('input', {name: 'run-id'});
  const byId = h('form', {class: 'inline', 'aria-label': 'Open a run by id', onsubmit: (event) => {
    event.preventDefault();
    if (open.value.trim()) go(`/apps/${seg(app)}/runs/${seg(open.value.trim())}`);
  }}, field('Run id', open), h('button', {type: 'submit'}, 'Open'));

  const rows = page.items.map(run => h('tr', {},
      h('td', {}, h('a', {href: `#/apps/${seg(app)}/runs/${run.id}`}, run.id.slice(0, 8))),
      h('td', {}, run.workflow), h('td', {}, badge(run.status)), h('td', {}, run.revision),
      h('td', {}, when(run.createdAt)), h('td', {}, when(run.endedAt))));

  show(h('h1', {}, `Runs of ${app}`),
      h('p', {}, h('a', {href: `#/apps/${seg(app)}`}, `Back to ${app}`)),
      canBuild() && workflows.length ? startForm(app, base, workflows) : null,
      h('div', {class: 'toolbar'}, filters, byId),
      h('table', {class: 'list'},
          h('caption', {class: 'sr-only'}, `Runs of ${app}, newest first`),
          h('thead', {}, h('tr', {}, ['Run', 'Workflow', 'Status', 'Revision', 'Started', 'Ended']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 6}, 'No runs match.')))),
      page.nextCursor ? h('a', {class: 'more', href: `#/apps/${seg(app)}/runs` + query({workflow: q.workflow,
        status: q.status, cursor: page.nextCursor})}, 'Older runs') : null);
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
