// Deploy agents of the tenant and, per environment, the steps waiting for them or leased to them.
// Both change by themselves (heartbeats, leases), so the page refreshes while it is open.
import {h, fill, show, when, notice, badge} from '../dom.js';
import {get, seg, query} from '../api.js';

const REFRESH_MS = 5000;
// The agent-tasks API returns the oldest tasks up to a limit and has no cursor; one more than shown
// tells whether there are others.
const SHOWN_TASKS = 100;

export function agentsPage() {
  const agents = h('section', {'aria-labelledby': 'agents-h'}, h('h2', {id: 'agents-h'}, 'Agents'), h('p', {}, 'Loading…'));
  const queues = h('section', {'aria-labelledby': 'queues-h'});
  const updated = h('p', {class: 'muted', id: 'agents-updated'});
  show(h('h1', {}, 'Agents'),
      h('p', {}, 'Agents run the steps of connectors an environment marks ', h('code', {}, 'runsOn: agent'),
          ' inside your own network. An agent is live while its heartbeats arrive.'),
      updated, agents, queues);

  let timer = null;
  let stopped = false;

  async function refresh() {
    try {
      const [list, environments] = await Promise.all([get('/api/v1/agents'), get('/api/v1/environments')]);
      const tasks = await Promise.all(environments.map(env =>
          get(`/api/v1/environments/${seg(env.name)}/agent-tasks` + query({limit: SHOWN_TASKS + 1}))
              .then(items => [env.name, items])));
      fill(agents, h('h2', {id: 'agents-h'}, 'Agents'), agentTable(list));
      fill(queues, h('h2', {id: 'queues-h'}, 'Steps waiting for agents'), ...tasks.map(([env, items]) => queue(env, items)));
      updated.textContent = 'Updated ' + new Date().toLocaleTimeString() + '; refreshes every 5 s.';
    } catch (error) {
      fill(updated, notice('error', error.message));
    }
    if (!stopped) timer = setTimeout(refresh, REFRESH_MS);
  }
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function agentTable(list) {
  return h('table', {class: 'list', id: 'agents'},
      h('caption', {class: 'sr-only'}, 'Deploy agents'),
      h('thead', {}, h('tr', {}, ['Name', 'Environment', 'Version', 'Last heartbeat', 'Status', 'Tasks held']
          .map(c => h('th', {scope: 'col'}, c)))),
      h('tbody', {}, list.length ? list.map(agent => h('tr', {dataset: {agent: agent.name}},
          h('td', {}, h('code', {}, agent.name)), h('td', {}, agent.environment), h('td', {}, agent.version || '—'),
          h('td', {}, when(agent.lastHeartbeatAt)), h('td', {}, badge(agent.live ? 'live' : 'offline')),
          h('td', {}, agent.tasks.length ? h('ul', {class: 'plain'}, agent.tasks.map(task =>
              h('li', {}, h('code', {}, task.stepId), ` of run ${task.runId.slice(0, 8)}, lease until ${when(task.leasedUntil)}`)))
              : '0')))
          : h('tr', {}, h('td', {colspan: 6}, 'No agent has registered yet. Start one with an agent-role API key.'))));
}

function queue(environment, fetched) {
  const items = fetched.slice(0, SHOWN_TASKS);
  const waiting = items.filter(t => t.status === 'waiting').length;
  const more = fetched.length > SHOWN_TASKS;
  return h('div', {class: 'card', dataset: {environment}},
      h('h3', {}, environment, ' ', h('span', {class: 'muted'},
          more ? `showing the oldest ${SHOWN_TASKS} of more than ${SHOWN_TASKS}: ` : '',
          `${waiting} waiting, ${items.length - waiting} leased`)),
      items.length ? h('table', {class: 'list'},
          h('caption', {class: 'sr-only'}, `Agent tasks of ${environment}, oldest first`),
          h('thead', {}, h('tr', {}, ['Task', 'Run', 'Step', 'Attempt', 'Connector', 'Status', 'Since', 'Leased by',
            'Deliveries'].map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, items.map(task => h('tr', {},
              h('td', {}, String(task.id)), h('td', {}, h('code', {}, task.runId)), h('td', {}, h('code', {}, task.stepId)),
              h('td', {}, String(task.attempt)), h('td', {}, task.connectorType || '—'), h('td', {}, badge(task.status)),
              h('td', {}, when(task.createdAt)),
              h('td', {}, task.leasedBy ? `${task.leasedBy} until ${when(task.leasedUntil)}` : '—'),
              h('td', {}, String(task.deliveries))))))
          : h('p', {class: 'muted'}, 'Nothing waiting.'));
}
