// API keys of the tenant (admins): create (the key is shown once) and revoke.
import {h, fill, show, when, field, notice} from '../dom.js';
import {get, post, del, seg, query} from '../api.js';

export async function keysPage(params, q) {
  const page = await get('/api/v1/keys' + query({cursor: q.cursor, limit: 100}));
  const name = h('input', {name: 'key-name', required: true});
  const role = h('select', {name: 'key-role'}, ['viewer', 'builder', 'deployer', 'admin'].map(r => h('option', {value: r}, r)));
  const out = h('div');
  const rerender = () => keysPage(params, q);
  show(h('h1', {}, 'API keys'),
      h('form', {class: 'card', onsubmit: async (event) => {
        event.preventDefault();
        try {
          const created = await post('/api/v1/keys', {name: name.value.trim(), role: role.value});
          await rerender();
          document.getElementById('main').prepend(h('div', {class: 'notice ok', role: 'status'},
              h('p', {}, `Key "${created.name}" created. Copy it now: it is never shown again.`),
              h('code', {class: 'secret', id: 'new-key'}, created.key)));
        } catch (error) {
          fill(out, notice('error', error.message));
        }
      }}, h('h2', {}, 'Create a key'), field('Name', name), field('Role', role), out,
      h('button', {type: 'submit', class: 'primary'}, 'Create key')),
      h('table', {class: 'list'},
          h('thead', {}, h('tr', {}, ['Name', 'Id', 'Role', 'Created', 'Last used', 'State', ''].map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, page.items.map(k => h('tr', {},
              h('td', {}, k.name), h('td', {}, h('code', {}, k.id)), h('td', {}, k.role), h('td', {}, when(k.createdAt)),
              h('td', {}, when(k.lastUsedAt)), h('td', {}, k.revokedAt ? `revoked ${when(k.revokedAt)}` : 'active'),
              h('td', {}, k.revokedAt ? '' : h('button', {type: 'button', onclick: async () => {
                if (!confirm(`Revoke key "${k.name}"? Clients using it stop working at once.`)) return;
                try {
                  await del(`/api/v1/keys/${seg(k.id)}`);
                  rerender();
                } catch (error) {
                  fill(out, notice('error', error.message));
                }
              }, 'aria-label': `Revoke key ${k.name} (${k.id})`}, 'Revoke')))))),
      page.nextCursor ? h('a', {href: '#/keys' + query({cursor: page.nextCursor})}, 'Next page') : null);
}
