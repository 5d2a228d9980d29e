// Every app of the tenant by every environment: the revision active in each, one request per page of
// apps (GET /api/v1/deployments/active). Deploying, promoting and rolling back happen on an app's
// own deployments page, which each row and cell links to.
import {h, show} from '../dom.js';
import {get, seg, query} from '../api.js';

export async function deploymentMatrixPage(params, q) {
  const [environments, page] = await Promise.all([get('/api/v1/environments'),
    get('/api/v1/deployments/active' + query({cursor: q.cursor, limit: 100}))]);
  const names = environments.map(env => env.name);

  show(h('h1', {}, 'Deployments'),
      h('p', {}, 'The revision of each app active in each environment. Open an app to deploy, promote or roll back.'),
      h('table', {class: 'list matrix', id: 'deploy-matrix'},
          h('caption', {class: 'sr-only'}, 'Active revision by app and environment'),
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'App'), h('th', {scope: 'col'}, 'Latest revision'),
              names.map(name => h('th', {scope: 'col'}, name)))),
          h('tbody', {}, page.items.length ? page.items.map(row => appRow(row, names))
              : h('tr', {}, h('td', {colspan: names.length + 2}, 'No apps yet.')))),
      page.nextCursor ? h('a', {href: '#/deployments' + query({cursor: page.nextCursor})}, 'Next page') : null);
}

function appRow(row, environments) {
  const active = new Map(row.active.map(a => [a.environment, a]));
  const link = `#/apps/${seg(row.app)}/deployments`;
  return h('tr', {dataset: {app: row.app}},
      h('th', {scope: 'row'}, h('a', {href: link}, row.app)),
      h('td', {}, row.latestRevision ?? '—'),
      environments.map(env => {
        const a = active.get(env);
        if (!a) return h('td', {class: 'muted', dataset: {environment: env}}, 'nothing deployed');
        const behind = row.latestRevision && a.revision < row.latestRevision;
        return h('td', {dataset: {environment: env}},
            h('a', {href: link + query({environment: env}), 'aria-label': `${row.app} in ${env}: revision ${a.revision}`,
              title: `${a.kind} · active since ${new Date(a.activatedAt).toLocaleString()}`}, `Revision ${a.revision}`),
            behind ? h('span', {class: 'muted'}, ' (not the latest)') : null);
      }));
}
