// Console users of the tenant (admins): create, disable and enable. The API lists them all at once, without
// pages: a tenant has a handful of console users (its apps' end users live in memory, not here).
import {h, fill, show, when, field, notice} from '../dom.js';
import {get, post, seg} from '../api.js';

export async function usersPage() {
  const list = await get('/api/v1/console-users');
  const email = h('input', {name: 'user-email', type: 'email', required: true, autocomplete: 'off'});
  const password = h('input', {name: 'user-password', type: 'password', required: true, minlength: 12,
    autocomplete: 'new-password'});
  const role = h('select', {name: 'user-role'}, ['viewer', 'builder', 'deployer', 'admin'].map(r => h('option', {value: r}, r)));
  const out = h('div');
  const act = (user, verb) => h('button', {type: 'button', onclick: async () => {
    try {
      await post(`/api/v1/console-users/${seg(user.id)}/${verb}`);
      usersPage();
    } catch (error) {
      fill(out, notice('error', error.message));
    }
  }, 'aria-label': `${verb === 'disable' ? 'Disable' : 'Enable'} ${user.email}`}, verb === 'disable' ? 'Disable' : 'Enable');
  show(h('h1', {}, 'Console users'),
      h('form', {class: 'card', onsubmit: async (event) => {
        event.preventDefault();
        try {
          await post('/api/v1/console-users', {email: email.value.trim(), password: password.value, role: role.value});
          usersPage();
        } catch (error) {
          fill(out, notice('error', error.message,
              ...(error.problem.errors || []).map(e => ` ${e.pointer}: ${e.message}`)));
        }
      }}, h('h2', {}, 'Add a user'), field('Email', email), field('Password', password, 'At least 12 characters.'),
      field('Role', role), out, h('button', {type: 'submit', class: 'primary'}, 'Add user')),
      resetForm(list.items, out),
      h('table', {class: 'list'},
          h('thead', {}, h('tr', {}, ['Email', 'Role', 'Last sign-in', 'State', ''].map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, list.items.map(u => h('tr', {},
              h('td', {}, u.email), h('td', {}, u.role), h('td', {}, when(u.lastSignInAt)),
              h('td', {}, u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${when(u.lockedUntil)}` : 'active'),
              h('td', {}, act(u, u.disabled ? 'enable' : 'disable')))))));
}

/** An admin sets someone's password (forgotten, or to unlock the account at once). */
function resetForm(users, out) {
  const who = h('select', {name: 'reset-user'}, users.map(u => h('option', {value: u.id}, u.email)));
  const password = h('input', {name: 'reset-password', type: 'password', required: true, minlength: 12,
    autocomplete: 'new-password'});
  return h('details', {class: 'card'}, h('summary', {}, 'Set a user\'s password'),
      h('form', {onsubmit: async (event) => {
        event.preventDefault();
        try {
          const user = await post(`/api/v1/console-users/${seg(who.value)}/password`, {password: password.value});
          password.value = '';
          fill(out, notice('ok', `New password set for ${user.email}; the account is unlocked.`));
        } catch (error) {
          fill(out, notice('error', error.message));
        }
      }}, field('User', who), field('New password', password, 'At least 12 characters.'),
      h('button', {type: 'submit'}, 'Set password')));
}
