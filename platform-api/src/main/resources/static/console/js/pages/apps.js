import {h, fill, show, when, field, notice} from '../dom.js';
import {get, post, seg, query} from '../api.js';
import {canBuild} from '../session.js';
import {go} from '../router.js';

export async function appsPage(params, q) {
  const page = await get('/api/v1/apps' + query({cursor: q.cursor, limit: 50}));
  const rows = page.items.map(app => h('tr', {},
      h('td', {}, h('a', {href: `#/apps/${seg(app.name)}`}, app.name)),
      h('td', {}, app.description || ''),
      h('td', {}, app.latestRevision ?? '—'),
      h('td', {}, when(app.updatedAt)),
      h('td', {}, h('a', {href: `#/apps/${seg(app.name)}/runs`}, 'Runs'), ' · ',
          h('a', {href: `#/apps/${seg(app.name)}/deployments`}, 'Deployments'), ' · ',
          h('a', {href: `#/apps/${seg(app.name)}/memory`}, 'Memory'))));
  show(h('h1', {}, 'Apps'),
      canBuild() ? createForm() : null,
      h('table', {class: 'list'},
          h('caption', {class: 'sr-only'}, 'Apps of this tenant'),
          h('thead', {}, h('tr', {}, ['Name', 'Description', 'Latest revision', 'Updated', 'Open']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 5}, 'No apps yet.')))),
      page.nextCursor ? h('a', {class: 'more', href: `#/apps?cursor=${encodeURIComponent(page.nextCursor)}`},
          'Next page') : null);
}

function createForm() {
  const name = h('input', {name: 'name', required: true, pattern: '[a-z0-9][a-z0-9-]*'});
  const description = h('input', {name: 'description'});
  const status = h('div');
  return h('details', {class: 'card'}, h('summary', {}, 'Create an app'),
      h('form', {onsubmit: async (event) => {
        event.preventDefault();
        try {
          const app = await post('/api/v1/apps', {name: name.value.trim(), description: description.value || null});
          go(`/apps/${seg(app.name)}`);
        } catch (error) {
          fill(status, notice('error', error.message,
              ...(error.problem.errors || []).map(e => ` ${e.pointer}: ${e.message}`)));
        }
      }}, field('Name', name, 'Lower-case letters, digits and hyphens.'), field('Description', description), status,
      h('button', {type: 'submit', class: 'primary'}, 'Create app')));
}
