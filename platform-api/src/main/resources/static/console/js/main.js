// The console's entry point: loads the session, wires the header and the routes.
import * as session from './session.js';
import {route, render, go} from './router.js';
import {loginPage} from './pages/login.js';
import {overviewPage} from './pages/overview.js';
import {appsPage} from './pages/apps.js';
import {appPage} from './pages/app.js';
import {runsPage} from './pages/runs.js';
import {runPage} from './pages/run.js';
import {memoryPage} from './pages/memory.js';
import {keysPage} from './pages/keys.js';
import {usersPage} from './pages/users.js';
import {deploymentsPage} from './pages/deployments.js';
import {deploymentMatrixPage} from './pages/matrix.js';
import {secretsPage} from './pages/secrets.js';
import {auditPage} from './pages/audit.js';
import {agentsPage} from './pages/agents.js';

route('/login', loginPage);
route('/overview', overviewPage);
route('/apps', appsPage);
route('/apps/:app', appPage);
route('/apps/:app/runs', runsPage);
route('/apps/:app/runs/:run', runPage);
route('/apps/:app/memory', memoryPage);
route('/apps/:app/deployments', deploymentsPage);
route('/deployments', deploymentMatrixPage);
route('/agents', agentsPage);
route('/secrets', secretsPage);
route('/audit', auditPage);
route('/keys', keysPage);
route('/users', usersPage);

function header() {
  const user = session.user();
  document.getElementById('top').hidden = !user;
  if (!user) return;
  document.getElementById('who').textContent = `${user.email} · ${user.role} · ${user.tenant}`;
  for (const link of document.querySelectorAll('[data-role]')) {
    link.closest('li').hidden = !session.holds(link.dataset.role);
  }
}

async function navigate() {
  header();
  const wantsLogin = location.hash.startsWith('#/login');
  if (!session.user() && !wantsLogin) {
    go('/login?next=' + encodeURIComponent(location.hash.slice(1) || '/overview'));
    return;
  }
  await render();
}

document.getElementById('logout').addEventListener('click', async () => {
  await session.signOut();
  go('/login');
});
window.addEventListener('plinth:signed-out', async () => {
  await session.load();
  if (!session.user()) navigate();
});
// The skip link moves the focus to the page's content. Its href would otherwise change the hash,
// which is the route here: "#main" matches no page, and the router would send the user to the overview.
document.querySelector('.skip').addEventListener('click', event => {
  event.preventDefault();
  document.getElementById('main').focus();
});
window.addEventListener('hashchange', navigate);

await session.load();
navigate();
