// One app: its revisions (newest first, a page at a time), a revision's definition, a side-by-side diff of any
// two and submitting a new revision.
import {h, fill, show, extend, nextPageButton, when, field, notice} from '../dom.js';
import {get, getText, request, seg, query} from '../api.js';
import {canBuild} from '../session.js';
import {codeView} from '../highlight.js';
import {diffView} from '../diff.js';
import {go} from '../router.js';

const REVISION_PAGE = 50;

export async function appPage({app}, q) {
  const base = `/api/v1/apps/${seg(app)}`;
  const [info, revisions] = await Promise.all([get(base), get(`${base}/revisions` + query({limit: REVISION_PAGE}))]);
  const newest = revisions.items.map(r => r.number);
  const selected = Number(q.revision) || newest[0];
  // The diff's pickers suggest every revision listed so far; "Older revisions" adds to both.
  const suggestions = h('datalist', {id: 'revision-numbers'}, revisionOptions(revisions.items));

  const definition = h('section', {'aria-labelledby': 'def-h'}, h('h2', {id: 'def-h'}, 'Definition'));
  if (selected) {
    const source = await getText(`${base}/revisions/${selected}/source`);
    definition.append(h('p', {}, `Revision ${selected} as submitted.`), codeView(source, new Map(),
        `Definition of revision ${selected}`));
  } else {
    definition.append(h('p', {}, 'No revision yet.'));
  }

  const diffOut = h('div', {id: 'diff-out'});
  show(h('h1', {}, app),
      h('p', {}, info.description || '', ' ', h('a', {href: `#/apps/${seg(app)}/runs`}, 'Runs'), ' · ',
          h('a', {href: `#/apps/${seg(app)}/deployments`}, 'Deployments'), ' · ',
          h('a', {href: `#/apps/${seg(app)}/memory`}, 'Memory')),
      h('div', {class: 'grid2'},
          revisionList(app, base, revisions, selected, suggestions),
          newest.length > 1 ? diffForm(base, newest, suggestions, diffOut) : null),
      // The diff goes below the two columns, across the page: side by side it needs the width.
      diffOut,
      definition,
      canBuild() ? submitForm(app, base) : null);
}

function revisionList(app, base, first, selected, suggestions) {
  const rows = (items) => items.map(r => h('tr', {},
      h('td', {}, h('a', {href: `#/apps/${seg(app)}?revision=${r.number}`,
        'aria-current': r.number === selected ? 'true' : null}, `Revision ${r.number}`)),
      h('td', {}, when(r.createdAt)), h('td', {}, r.createdBy || '')));
  const body = h('tbody', {}, rows(first.items));
  const older = nextPageButton('Older revisions', first.nextCursor, async (cursor) => {
    const page = await get(`${base}/revisions` + query({cursor, limit: REVISION_PAGE}));
    extend(body, rows(page.items));
    extend(suggestions, revisionOptions(page.items));
    return page.nextCursor;
  });
  return h('section', {'aria-labelledby': 'rev-h'}, h('h2', {id: 'rev-h'}, 'Revisions'),
      h('table', {class: 'list', id: 'revisions'},
          h('caption', {class: 'sr-only'}, 'Revisions, newest first'),
          h('thead', {}, h('tr', {}, ['Number', 'Created', 'By'].map(c => h('th', {scope: 'col'}, c)))),
          body),
      older);
}

function revisionOptions(items) {
  return items.map(r => h('option', {value: r.number}, `Revision ${r.number}`));
}

/**
 * The compare form; the diff appears in `out`, which the page lays out across its width. Either
 * side takes any revision number, so comparing with one older than the listed pages needs no paging.
 */
function diffForm(base, newest, suggestions, out) {
  const number = (name, value) => h('input', {name, type: 'number', min: 1, max: newest[0], step: 1, required: true,
    value, list: suggestions.id, class: 'revision-number'});
  const from = number('from', newest[1]);
  const to = number('to', newest[0]);
  return h('section', {'aria-labelledby': 'diff-h'}, h('h2', {id: 'diff-h'}, 'Compare revisions'),
      h('p', {class: 'muted'}, 'Any two revision numbers; the revisions listed are suggested.'),
      h('form', {class: 'inline', onsubmit: async (event) => {
        event.preventDefault();
        try {
          const [left, right, structured] = await Promise.all([getText(`${base}/revisions/${from.value}/source`),
            getText(`${base}/revisions/${to.value}/source`), get(`${base}/revisions/${from.value}/diff/${to.value}`)]);
          fill(out, diffView(left, right, `Revision ${from.value}`, `Revision ${to.value}`),
              changeList(structured.changes));
          // The diff is below the form; take the reader there.
          out.querySelector('.diff').focus();
        } catch (error) {
          fill(out, notice('error', error.message));
        }
      }}, field('From', from), field('To', to), suggestions,
      h('button', {type: 'submit'}, 'Show diff')));
}

/** The API's structured diff: which paths of the definition were added, removed or changed. */
function changeList(changes) {
  return h('details', {}, h('summary', {}, `${changes.length} structural change(s)`),
      h('ul', {}, changes.map(c => h('li', {}, h('code', {}, c.path || '/'), ` ${String(c.op).toLowerCase()}`,
          c.from !== undefined && c.from !== null ? [': ', h('code', {}, JSON.stringify(c.from))] : null,
          c.to !== undefined && c.to !== null ? [' → ', h('code', {}, JSON.stringify(c.to))] : null))));
}

function submitForm(app, base) {
  const text = h('textarea', {name: 'definition', rows: 16, spellcheck: 'false', class: 'mono'});
  const file = h('input', {type: 'file', accept: '.yaml,.yml,.json', onchange: async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  }});
  const result = h('div', {id: 'submit-result'});

  async function send(dryRun) {
    const source = text.value;
    const type = source.trimStart().startsWith('{') ? 'application/json' : 'application/yaml';
    fill(result);
    try {
      const revision = await request('POST', `${base}/revisions` + query({dryRun: dryRun ? 'true' : ''}), source, type);
      if (dryRun) {
        fill(result, notice('ok', 'The definition is valid; nothing was stored.'));
      } else {
        go(`/apps/${seg(app)}?revision=${revision.number}`);
      }
    } catch (error) {
      fill(result, problems(error, source));
    }
  }

  return h('section', {'aria-labelledby': 'submit-h', class: 'card'}, h('h2', {id: 'submit-h'}, 'Submit a new revision'),
      h('form', {onsubmit: (event) => {
        event.preventDefault();
        send(false);
      }},
      field('Definition (YAML or JSON)', text), field('Or upload a file', file),
      h('div', {class: 'actions'},
          h('button', {type: 'button', onclick: () => send(true)}, 'Validate only'),
          h('button', {type: 'submit', class: 'primary'}, 'Submit revision'))),
      result);
}

/** A refused definition: each problem under the line it points at, the others listed above. */
function problems(error, source) {
  const errors = error.problem.errors || [];
  const marks = new Map();
  const unplaced = [];
  for (const e of errors) {
    const message = (e.pointer ? `${e.pointer}: ` : '') + e.message + (e.hint ? ` (${e.hint})` : '');
    if (e.line) marks.set(e.line, [...(marks.get(e.line) || []), message]);
    else unplaced.push(message);
  }
  return h('div', {class: 'problems'},
      notice('error', error.message),
      unplaced.length ? h('ul', {}, unplaced.map(m => h('li', {}, m))) : null,
      marks.size ? codeView(source, marks, 'Submitted definition with problems') : null);
}
