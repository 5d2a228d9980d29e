// Hash routes ("#/apps/support/runs/…"): the server serves one page and never needs to know them.
import {h, show, notice} from './dom.js';

const routes = [];
let stopCurrent = null;

/** route('/apps/:app', page): page(params, query) renders and may return a function that stops it. */
export function route(pattern, page) {
  const names = [];
  const regex = new RegExp('^' + pattern.replace(/:([a-z]+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  }) + '$');
  routes.push({regex, names, page});
}

export function go(path) {
  if (location.hash === '#' + path) render();
  else location.hash = path;
}

export async function render() {
  if (stopCurrent) {
    stopCurrent();
    stopCurrent = null;
  }
  const [path, search] = (location.hash.slice(1) || '/overview').split('?');
  const query = Object.fromEntries(new URLSearchParams(search || ''));
  for (const {regex, names, page} of routes) {
    const match = regex.exec(path);
    if (match) {
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
      try {
        const stop = await page(params, query);
        if (typeof stop === 'function') stopCurrent = stop;
      } catch (error) {
        show(h('h1', {}, 'Something went wrong'), notice('error', error.message),
            h('p', {}, h('a', {href: '#/apps'}, 'Back to the apps')));
      }
      // Keyboard and screen-reader users start at the new page, unless it focused a field itself.
      const main = document.getElementById('main');
      if (!main.contains(document.activeElement)) main.focus({preventScroll: true});
      markCurrent(path);
      return;
    }
  }
  go('/overview');
}

function markCurrent(path) {
  for (const link of document.querySelectorAll('nav a')) {
    const target = link.getAttribute('href').slice(1);
    if (path === target || path.startsWith(target + '/')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}
