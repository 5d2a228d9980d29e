import {h, fill, show, field, notice} from '../dom.js';
import * as session from '../session.js';
import {go} from '../router.js';

export function loginPage(params, query) {
  const tenant = h('input', {name: 'tenant', autocomplete: 'organization'});
  const email = h('input', {name: 'email', type: 'email', autocomplete: 'username', required: true});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const status = h('div');
  const form = h('form', {class: 'card narrow', onsubmit: async (event) => {
    event.preventDefault();
    fill(status);
    try {
      await session.signIn(tenant.value.trim(), email.value.trim(), password.value);
      go(query.next || '/overview');
    } catch (error) {
      password.value = '';
      fill(status, notice('error', error.message));
      password.focus();
    }
  }},
  h('h1', {}, 'Sign in to Plinth'),
  field('Email', email),
  field('Password', password),
  field('Tenant', tenant, 'Leave empty for the installation\'s first tenant.'),
  status,
  h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  show(form);
  email.focus();
}
