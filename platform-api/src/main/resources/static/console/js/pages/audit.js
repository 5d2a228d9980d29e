// The audit log (admins): who changed what, when and from where, with filters and server-side paging.
import {h, show, when, field, badge} from '../dom.js';
import {get, query} from '../api.js';
import {go} from '../router.js';

const FILTERS = ['action', 'resourceType', 'resourceId', 'keyId', 'outcome', 'from', 'to'];

export async function auditPage(params, q) {
  const filters = Object.fromEntries(FILTERS.map(f => [f, q[f]]));
  const page = await get('/api/v1/audit' + query({...filters, cursor: q.cursor, limit: 50}));
  const inputs = {
    action: h('input', {name: 'action', value: q.action || ''}),
    resourceType: h('input', {name: 'resourceType', value: q.resourceType || ''}),
    resourceId: h('input', {name: 'resourceId', value: q.resourceId || ''}),
    keyId: h('input', {name: 'keyId', value: q.keyId || ''}),
    outcome: h('select', {name: 'outcome'}, ['', 'success', 'failure'].map(o => h('option', {value: o}, o || 'All'))),
    from: h('input', {name: 'from', type: 'datetime-local', value: local(q.from)}),
    to: h('input', {name: 'to', type: 'datetime-local', value: local(q.to)}),
  };
  inputs.outcome.value = q.outcome || '';
  const labels = {action: 'Action', resourceType: 'Resource type', resourceId: 'Resource id', keyId: 'Who',
    outcome: 'Outcome', from: 'From', to: 'To'};
  const hints = {action: 'e.g. revision.created', resourceType: 'e.g. app, run, key', keyId: 'key id or user:<email>'};

  show(h('h1', {}, 'Audit log'),
      h('form', {class: 'inline', 'aria-label': 'Filter the audit log', onsubmit: (event) => {
        event.preventDefault();
        const values = Object.fromEntries(FILTERS.map(f => [f, inputs[f].value.trim()]));
        for (const f of ['from', 'to']) if (values[f]) values[f] = new Date(values[f]).toISOString();
        go('/audit' + query(values));
      }}, FILTERS.map(f => field(labels[f], inputs[f], hints[f])), h('button', {type: 'submit'}, 'Filter')),
      h('table', {class: 'list'},
          h('caption', {class: 'sr-only'}, 'Audit entries, newest first'),
          h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Resource', 'Outcome', 'From']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, page.items.length ? page.items.map(e => h('tr', {},
              h('td', {}, when(e.occurredAt)), h('td', {}, e.keyName ? `${e.keyName} (${e.keyId})` : e.keyId, ` · ${e.role}`),
              h('td', {}, h('code', {}, e.action)), h('td', {}, `${e.resourceType} ${e.resourceId || ''}`),
              h('td', {}, badge(e.outcome), ` ${e.status}`), h('td', {}, e.clientIp || '')))
              : h('tr', {}, h('td', {colspan: 6}, 'No entries match.')))),
      page.nextCursor ? h('a', {href: '#/audit' + query({...filters, cursor: page.nextCursor})}, 'Older entries') : null);
}

function local(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}
