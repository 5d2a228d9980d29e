// A tiny element builder: text always goes in as text nodes, so API data can never become markup.

/** h('div', {class: 'x', onclick: fn}, child, 'text', [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content; null and false children are skipped. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  labelCells(el);
  return el;
}

/**
 * Adds children to an element already on the page (a list's next page) at its end, or at its
 * start with `{before: true}`; new table cells get their column names like the rest.
 */
export function extend(el, children, {before = false} = {}) {
  const part = document.createDocumentFragment();
  append(part, [children]);
  if (before) el.prepend(part);
  else el.append(part);
  labelCells(el.closest('table.list')?.parentElement || el);
  return el;
}

/**
 * A button that loads the next page of a list shown in place: `load(cursor)` adds it and returns
 * the cursor after it; the button goes once there is nothing more. Null when there is no next page.
 */
export function nextPageButton(label, cursor, load) {
  if (cursor === null || cursor === undefined) return null;
  const problem = h('div');
  const button = h('button', {type: 'button', class: 'link', onclick: async () => {
    button.disabled = true;
    try {
      cursor = await load(cursor);
      fill(problem);
    } catch (error) {
      fill(problem, notice('error', error.message));
    }
    button.disabled = false;
    if (cursor === null || cursor === undefined) wrapper.remove();
  }}, label);
  const wrapper = h('div', {class: 'more'}, button, problem);
  return wrapper;
}

/**
 * On a narrow screen list tables become stacked cards and lose their header row; each cell gets
 * its column's name in data-label, which the stylesheet shows before the value.
 */
function labelCells(root) {
  for (const table of root.querySelectorAll('table.list')) {
    const names = [...table.querySelectorAll('thead th')].map(th => th.textContent);
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => {
        if (names[i] && !cell.hasAttribute('colspan')) cell.dataset.label = names[i];
      });
    }
  }
}

/** Replaces the content of the page's main region and moves focus there for screen readers. */
export function show(...children) {
  const main = document.getElementById('main');
  main.replaceChildren();
  append(main, children);
  labelCells(main);
  const heading = main.querySelector('h1');
  if (heading) document.title = heading.textContent + ' · Plinth console';
  return main;
}

export function when(date) {
  return date ? new Date(date).toLocaleString() : '—';
}

export function json(value) {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

/** A labelled form field; the label is tied to the control by id. */
export function field(label, control, hint) {
  const id = control.id || ('f-' + Math.random().toString(36).slice(2, 9));
  control.id = id;
  return h('div', {class: 'field'}, h('label', {for: id}, label), control,
      hint ? h('small', {class: 'hint'}, hint) : null);
}

/** A status line for errors and confirmations, announced by screen readers. */
export function notice(kind, ...text) {
  return h('p', {class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status'}, ...text);
}

export function badge(status) {
  return h('span', {class: 'badge ' + status}, status);
}
