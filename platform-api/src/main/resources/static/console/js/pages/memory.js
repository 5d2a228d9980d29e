// An app's memory of one user: sessions, a conversation, facts with their supersede history,
// search, and erasing the user (with confirmation and the receipt).
import {h, fill, show, extend, nextPageButton, when, json, field, notice} from '../dom.js';
import {get, request, seg, query} from '../api.js';
import {canBuild} from '../session.js';
import {go} from '../router.js';

const MESSAGE_PAGE = 50;
const FACT_PAGE = 100;
// Messages are read backwards from the newest: "before" this, which is past any sequence number.
const AFTER_THE_LAST = 2 ** 31 - 1;

export async function memoryPage({app}, q) {
  const userInput = h('input', {name: 'user', value: q.user || '', required: true});
  const pick = h('form', {class: 'inline', 'aria-label': 'Choose a user', onsubmit: (event) => {
    event.preventDefault();
    go(`/apps/${seg(app)}/memory` + query({user: userInput.value.trim()}));
  }}, field('User id', userInput, 'The id your app stores memory under.'), h('button', {type: 'submit'}, 'Open'));

  const heading = [h('h1', {}, `Memory of ${app}`), h('p', {}, h('a', {href: `#/apps/${seg(app)}`}, `Back to ${app}`)), pick];
  if (!q.user) {
    show(...heading, await userList(app, q.cursor));
    return;
  }
  const base = `/api/v1/apps/${seg(app)}/memory/users/${seg(q.user)}`;
  const [sessions, facts] = await Promise.all([get(`${base}/sessions` + query({cursor: q.cursor, limit: 50})),
    get(`${base}/facts` + query({limit: FACT_PAGE}))]);
  const conversation = h('section', {'aria-labelledby': 'conv-h'}, h('h2', {id: 'conv-h'}, 'Conversation'),
      h('p', {}, 'Choose a session.'));
  const searchResults = h('div');
  const history = h('div');

  show(...heading,
      h('div', {class: 'grid2'},
          h('section', {'aria-labelledby': 'sess-h'}, h('h2', {id: 'sess-h'}, `Sessions of ${q.user}`),
              sessions.items.length ? h('ul', {class: 'plain'}, sessions.items.map(s => h('li', {},
                  h('button', {type: 'button', class: 'link', onclick: () => openSession(base, s, conversation)},
                      s.id), ` · ${count(s.messageCount, 'message')} · ${when(s.updatedAt)}`))) : h('p', {}, 'No sessions.'),
              sessions.nextCursor ? h('a', {href: `#/apps/${seg(app)}/memory` + query({user: q.user,
                cursor: sessions.nextCursor})}, 'More sessions') : null),
          conversation),
      h('section', {'aria-labelledby': 'facts-h'}, h('h2', {id: 'facts-h'}, 'Facts valid now'),
          factTable(base, facts, history), history),
      h('section', {'aria-labelledby': 'search-h'}, h('h2', {id: 'search-h'}, 'Search'), searchForm(base, searchResults),
          searchResults),
      canBuild() ? eraseSection(app, base, q.user, (receipt) => erased(heading, app, receipt)) : null);
}

/** The facts valid now, a page at a time: "More facts" adds the next page under the ones shown. */
function factTable(base, first, history) {
  if (!first.items.length) return h('p', {}, 'No facts.');
  const rows = (facts) => facts.map(f => h('tr', {},
      h('td', {}, f.key || '—'), h('td', {}, f.text || ''), h('td', {}, h('code', {}, f.value == null ? '' : JSON.stringify(f.value))),
      h('td', {}, f.category || ''), h('td', {}, when(f.validFrom)),
      h('td', {}, f.key ? h('button', {type: 'button', class: 'link', 'aria-label': `History of ${f.key}`,
        onclick: () => showHistory(base, f.key, history)}, 'History') : '')));
  const body = h('tbody', {}, rows(first.items));
  const more = nextPageButton('More facts', first.nextCursor, async (cursor) => {
    const page = await get(`${base}/facts` + query({cursor, limit: FACT_PAGE}));
    extend(body, rows(page.items));
    return page.nextCursor;
  });
  return h('div', {},
      h('table', {class: 'list', id: 'facts'},
          h('thead', {}, h('tr', {}, ['Key', 'Text', 'Value', 'Category', 'Since', 'History']
              .map(c => h('th', {scope: 'col'}, c)))),
          body),
      more);
}

/** "1 message", "3 messages". */
function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * After an erase nothing of the user may stay on screen: the page keeps only its heading and the
 * receipt, which takes the focus so it is seen and read out.
 */
function erased(heading, app, r) {
  const receipt = h('section', {class: 'receipt card', id: 'erase-receipt', tabindex: -1, 'aria-labelledby': 'receipt-h'},
      h('h2', {id: 'receipt-h'}, `Erased "${r.userId}" from ${app} — receipt`),
      h('p', {role: 'status'}, `Deleted ${count(r.sessions, 'session')}, ${count(r.messages, 'message')}, `
          + `${count(r.facts, 'fact')} and ${count(r.embeddings, 'embedding')} on ${when(r.erasedAt)}. `
          + 'Nothing of this user is stored in this app any more.'),
      h('p', {}, 'Receipt ', h('code', {}, r.receiptId), ' (the audit log keeps these counts under it):'),
      h('pre', {}, json(r)));
  show(...heading, receipt);
  receipt.focus();
}

async function userList(app, cursor) {
  const users = await get(`/api/v1/apps/${seg(app)}/memory/users` + query({cursor, limit: 100}));
  return h('section', {'aria-labelledby': 'users-h'}, h('h2', {id: 'users-h'}, 'Users this app remembers'),
      users.items.length ? h('ul', {class: 'plain columns'}, users.items.map(user => h('li', {},
          h('a', {href: `#/apps/${seg(app)}/memory` + query({user})}, user)))) : h('p', {}, 'No users yet.'),
      users.nextCursor ? h('a', {href: `#/apps/${seg(app)}/memory` + query({cursor: users.nextCursor})}, 'More users')
          : null);
}

/** A conversation from its newest messages back: "Earlier messages" adds the page before the ones shown. */
async function openSession(base, session, target) {
  const messages = `${base}/sessions/${seg(session.id)}/messages`;
  const page = await get(messages + query({before: AFTER_THE_LAST, limit: MESSAGE_PAGE}));
  const list = h('ol', {class: 'messages'}, page.items.map(message));
  const earlier = nextPageButton('Earlier messages', page.previousBefore, async (before) => {
    const older = await get(messages + query({before, limit: MESSAGE_PAGE}));
    extend(list, older.items.map(message), {before: true});
    return older.previousBefore;
  });
  fill(target, h('h2', {id: 'conv-h'}, `Conversation ${session.id}`),
      session.summary ? h('p', {class: 'muted'}, 'Summary: ', session.summary) : null,
      earlier, list);
  target.querySelector('h2').focus?.();
}

function message(m) {
  return h('li', {class: 'msg ' + m.role, dataset: {seq: m.seq}},
      h('span', {class: 'who'}, m.role + (m.name ? ` (${m.name})` : ''), ' · ', when(m.createdAt)),
      h('p', {}, m.redacted ? '[redacted]' : m.content));
}

async function showHistory(base, key, target) {
  const versions = await get(`${base}/facts/history` + query({key}));
  fill(target, h('h3', {}, `History of "${key}" (oldest first)`),
      h('ol', {}, versions.map(f => h('li', {}, `${f.text || JSON.stringify(f.value)} — valid ${when(f.validFrom)} to ${when(f.invalidAt)}`,
          f.supersededBy ? ` (superseded by #${f.supersededBy})` : ''))));
}

function searchForm(base, target) {
  const q = h('input', {name: 'q', type: 'search', required: true});
  const mode = h('select', {name: 'mode'}, ['hybrid', 'fulltext', 'fuzzy', 'semantic'].map(m => h('option', {value: m}, m)));
  return h('form', {class: 'inline', role: 'search', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const result = await get(`${base}/search` + query({q: q.value, mode: mode.value}));
      fill(target, result.hits.length ? h('ol', {}, result.hits.map(hit => h('li', {},
          `[${hit.kind}] ${hit.text}`, hit.sessionId ? ` (session ${hit.sessionId})` : ''))) : h('p', {}, 'Nothing found.'));
    } catch (error) {
      fill(target, notice('error', error.message));
    }
  }}, field('Search for', q), field('Mode', mode), h('button', {type: 'submit'}, 'Search'));
}

function eraseSection(app, base, user, onErased) {
  const confirmInput = h('input', {name: 'confirm-user', autocomplete: 'off'});
  const out = h('div');
  return h('section', {'aria-labelledby': 'erase-h', class: 'card danger'}, h('h2', {id: 'erase-h'}, 'Erase this user'),
      h('p', {}, `Deletes every session, message, fact and embedding of "${user}" in ${app}. This cannot be undone.`),
      h('form', {onsubmit: async (event) => {
        event.preventDefault();
        if (confirmInput.value !== user) {
          fill(out, notice('error', 'Type the user id exactly to confirm.'));
          return;
        }
        try {
          onErased(await request('DELETE', base));
        } catch (error) {
          fill(out, notice('error', error.message));
        }
      }}, field(`Type "${user}" to confirm`, confirmInput), h('button', {type: 'submit', class: 'danger'}, 'Erase user')),
      out);
}
