// An app's deployments: the active revision in each environment, deploy / promote / rollback with a
// confirmation that says exactly what will change, and the history with each pre-flight check.
import {h, fill, show, when, field, notice, badge} from '../dom.js';
import {get, post, seg, query} from '../api.js';
import {canDeploy} from '../session.js';
import {go} from '../router.js';

const POLL_MS = 2000;
const SETTLING = new Set(['pending', 'checking']);

export async function deploymentsPage({app}, q) {
  let stopped = false;
  let timer = null;
  // While a deployment's checks run, the page follows it; leaving the page stops that.
  const follow = async () => {
    const settling = await render(app, q, () => stopped);
    if (settling && !stopped) timer = setTimeout(follow, POLL_MS);
  };
  await follow();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Draws the page unless it was left meanwhile; true while a deployment is still being checked. */
async function render(app, q, left) {
  const base = `/api/v1/apps/${seg(app)}/deployments`;
  const [environments, appInfo] = await Promise.all([get('/api/v1/environments'), get(`/api/v1/apps/${seg(app)}`)]);
  // The deployment just asked for is read first, so once it says "active" the history and the
  // matrix below (read after it) show it too.
  const watched = q.watch ? await get(`${base}/${seg(q.watch)}`).catch(() => null) : null;
  // History first: a deployment that settles between the two reads then shows as active in the
  // matrix too, instead of settled in the history while the matrix (read earlier) still lacks it.
  const history = await get(base + query({environment: q.environment, cursor: q.cursor, limit: 25}));
  const active = await activeByEnvironment(base, environments);
  if (left()) return false;
  const message = h('div', {id: 'deploy-message'}, watched ? outcome(watched) : null);

  show(h('h1', {}, `Deployments of ${app}`),
      h('p', {}, h('a', {href: `#/apps/${seg(app)}`}, `Back to ${app}`), ' · ',
          h('a', {href: '#/deployments'}, 'All apps by environment')),
      message,
      matrix(environments, active),
      canDeploy() ? actions(app, base, environments, active, appInfo.latestRevision, message) : null,
      historyTable(app, history, q, environments));
  return history.items.some(d => SETTLING.has(d.status)) || (watched !== null && SETTLING.has(watched.status));
}

/** What became of the deployment the user just asked for, in words. */
function outcome(d) {
  const what = d.kind === 'rollback' ? `Rollback of ${d.environment} to revision ${d.revision}`
      : d.kind === 'promotion' ? `Promotion of revision ${d.revision} from ${d.promotedFrom} to ${d.environment}`
          : `Deployment of revision ${d.revision} to ${d.environment}`;
  switch (d.status) {
    case 'pending':
    case 'checking':
      return notice('info', `${what}: pre-flight checks are running; this page follows them.`);
    case 'active':
      return notice('ok', `${what} succeeded: ${d.environment} now runs revision ${d.revision}.`);
    case 'failed':
      return notice('error', `${what} failed — ${d.failure || 'a pre-flight check failed'}. `
          + `Nothing changed in ${d.environment}; the checks are listed in the history below.`);
    case 'superseded':
      return notice('info', `${what}: superseded by a later deployment to ${d.environment}.`);
    default:
      return notice('info', `${what} succeeded, and has since been rolled back.`);
  }
}

async function activeByEnvironment(base, environments) {
  const pages = await Promise.all(environments.map(env =>
    get(base + query({environment: env.name, status: 'active', limit: 1}))));
  return new Map(environments.map((env, i) => [env.name, pages[i].items[0] || null]));
}

function matrix(environments, active) {
  return h('section', {'aria-labelledby': 'matrix-h'}, h('h2', {id: 'matrix-h'}, 'Active revision per environment'),
      h('table', {class: 'list'},
          h('thead', {}, h('tr', {}, ['Environment', 'Active revision', 'Since', 'Deployed by', 'Protection']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, environments.map(env => {
            const d = active.get(env.name);
            return h('tr', {dataset: {environment: env.name}},
                h('th', {scope: 'row'}, env.name),
                h('td', {class: 'active-revision'}, d ? `Revision ${d.revision}` : 'nothing deployed'),
                h('td', {}, d ? when(d.activatedAt) : ''),
                h('td', {}, d?.deployedBy?.keyId || ''),
                h('td', {}, `roles: ${(env.allowedRoles || []).join(', ') || 'admin'}`,
                    env.promoteFrom ? `; only promotions from ${env.promoteFrom}` : ''));
          }))));
}

function actions(app, base, environments, active, latest, message) {
  const names = environments.map(e => e.name);
  const options = () => names.map(n => h('option', {value: n}, n));
  const describe = (env, revision) => {
    const current = active.get(env);
    return current ? `${env} now runs revision ${current.revision}; it will run revision ${revision}.`
        : `${env} runs nothing yet; it will run revision ${revision}.`;
  };
  const send = async (path, body, confirmation) => {
    if (!confirm(confirmation + '\n\nContinue?')) return;
    try {
      const started = await post(base + path, body);
      go(`/apps/${seg(app)}/deployments` + query({watch: started.id}));
    } catch (error) {
      fill(message, notice('error', error.message, ...(error.problem.errors || []).map(e => ` ${e.pointer}: ${e.message}`)));
    }
  };

  const revision = h('input', {name: 'deploy-revision', type: 'number', min: 1, value: latest || 1, required: true});
  const env = h('select', {name: 'deploy-environment'}, options());
  const from = h('select', {name: 'promote-from'}, options());
  const to = h('select', {name: 'promote-to'}, options());
  if (names.length > 1) to.value = names[1];
  const rollbackEnv = h('select', {name: 'rollback-environment'}, options());

  return h('section', {'aria-labelledby': 'deploy-h', class: 'card'}, h('h2', {id: 'deploy-h'}, 'Change what runs'),
      h('div', {class: 'grid3'},
          h('form', {'aria-label': 'Deploy', onsubmit: (event) => {
            event.preventDefault();
            send('', {revision: Number(revision.value), environment: env.value},
                `Deploy revision ${revision.value} of ${app} to ${env.value}. ${describe(env.value, revision.value)} `
                + 'Pre-flight checks run first; if one fails nothing changes.');
          }}, h('h3', {}, 'Deploy'), field('Revision', revision), field('Environment', env),
          h('button', {type: 'submit', class: 'primary'}, 'Deploy…')),
          h('form', {'aria-label': 'Promote', onsubmit: (event) => {
            event.preventDefault();
            const source = active.get(from.value);
            send('/promote', {from: from.value, to: to.value}, source
                ? `Promote ${app} from ${from.value} to ${to.value}. ${describe(to.value, source.revision)}`
                : `Promote ${app} from ${from.value} to ${to.value}: ${from.value} runs nothing, so this will be refused.`);
          }}, h('h3', {}, 'Promote'), field('From', from), field('To', to), h('button', {type: 'submit'}, 'Promote…')),
          h('form', {'aria-label': 'Roll back', onsubmit: async (event) => {
            event.preventDefault();
            const environment = rollbackEnv.value;
            const current = active.get(environment);
            // A rollback reactivates the revision of the deployment the active one replaced.
            const target = current?.previous ? await get(`${base}/${seg(current.previous)}`).catch(() => null) : null;
            send('/rollback', {environment}, !current
                ? `Roll back ${app} in ${environment}: nothing runs there, so this will be refused.`
                : target
                    ? `Roll back ${app} in ${environment}: revision ${current.revision} stops and revision `
                    + `${target.revision} (active there since ${when(target.activatedAt)}) runs again, at once, `
                    + 'without pre-flight checks: it passed them when it was deployed.'
                    : `Roll back ${app} in ${environment}: revision ${current.revision} is the first revision active `
                    + 'there; there is no earlier one to go back to, so this will be refused.');
          }}, h('h3', {}, 'Roll back'), field('Environment', rollbackEnv), h('button', {type: 'submit'}, 'Roll back…'))));
}

function historyTable(app, history, q, environments) {
  const env = h('select', {name: 'history-environment'}, h('option', {value: ''}, 'All'),
      environments.map(e => h('option', {value: e.name}, e.name)));
  env.value = q.environment || '';
  return h('section', {'aria-labelledby': 'hist-h'}, h('h2', {id: 'hist-h'}, 'History'),
      h('form', {class: 'inline', onsubmit: (event) => {
        event.preventDefault();
        go(`/apps/${seg(app)}/deployments` + query({environment: env.value}));
      }}, field('Environment', env), h('button', {type: 'submit'}, 'Filter')),
      h('table', {class: 'list'},
          h('thead', {}, h('tr', {}, ['When', 'Environment', 'Revision', 'Kind', 'Status', 'By', 'Checks']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, history.items.map(d => h('tr', {},
              h('td', {}, when(d.createdAt)), h('td', {}, d.environment), h('td', {}, d.revision),
              h('td', {}, d.kind + (d.promotedFrom ? ` from ${d.promotedFrom}` : '')), h('td', {}, badge(d.status)),
              h('td', {}, d.deployedBy?.keyId || ''),
              h('td', {}, d.failure ? h('p', {class: 'error'}, d.failure) : null,
                  h('ul', {class: 'plain'}, (d.checks || []).map(c => h('li', {}, badge(c.status), ` ${c.name}`,
                      c.detail ? `: ${c.detail}` : '')))))))),
      history.nextCursor ? h('a', {href: `#/apps/${seg(app)}/deployments` + query({environment: q.environment,
        cursor: history.nextCursor})}, 'Older deployments') : null);
}
