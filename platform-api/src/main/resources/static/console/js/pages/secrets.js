// Secrets of the tenant: names, environments and versions only — a value is written, never shown.
import {h, fill, show, when, field, notice} from '../dom.js';
import {request, get, seg, query} from '../api.js';
import {canWriteSecrets} from '../session.js';

export async function secretsPage(params, q) {
  const page = await get('/api/v1/secrets' + query({cursor: q.cursor, limit: 100}));
  const out = h('div', {id: 'secret-message'});
  const rerender = () => secretsPage(params, q);

  const name = h('input', {name: 'secret-name', required: true, autocomplete: 'off'});
  const environment = h('input', {name: 'secret-environment', autocomplete: 'off'});
  const value = h('input', {name: 'secret-value', type: 'password', required: true, autocomplete: 'new-password'});
  const setForm = (prefill) => h('form', {class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const written = await request('PUT', `/api/v1/secrets/${seg(name.value.trim())}`,
          {value: value.value, environment: environment.value.trim() || null});
      await rerender();
      document.getElementById('secret-message')?.append(notice('ok',
          `Secret ${written.name} is now at version ${written.version}.`));
    } catch (error) {
      fill(out, notice('error', error.message, ...(error.problem.errors || []).map(e => ` ${e.pointer}: ${e.message}`)));
    }
  }}, h('h2', {}, 'Set or rotate a secret'), field('Name', name), field('Environment', environment,
      'Empty: the value applies to every environment without its own.'), field('Value', value,
      'Stored encrypted; it is never shown again.'), h('button', {type: 'submit', class: 'primary'}, 'Save secret'));

  show(h('h1', {}, 'Secrets'), out,
      canWriteSecrets() ? setForm() : null,
      h('table', {class: 'list'},
          h('thead', {}, h('tr', {}, ['Name', 'Environment', 'Version', 'Created', 'Updated', '']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, page.items.length ? page.items.map(s => h('tr', {},
              h('td', {}, h('code', {}, s.name)), h('td', {}, s.environment || 'all'), h('td', {}, s.version),
              h('td', {}, when(s.createdAt)), h('td', {}, when(s.updatedAt)),
              h('td', {}, canWriteSecrets() ? h('button', {type: 'button', onclick: () => {
                name.value = s.name;
                environment.value = s.environment || '';
                value.focus();
              }, 'aria-label': `Rotate secret ${s.name}` + (s.environment ? ` in ${s.environment}` : ' (all environments)')},
              'Rotate') : ''))) : h('tr', {}, h('td', {colspan: 6}, 'No secrets yet.')))),
      page.nextCursor ? h('a', {href: '#/secrets' + query({cursor: page.nextCursor})}, 'Next page') : null);
}
