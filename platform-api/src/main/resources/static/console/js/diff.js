// A side-by-side line diff (longest common subsequence). Definitions are at most a few thousand
// lines, so the quadratic table is small; it is written here because there is no build step.
import {h} from './dom.js';
import {highlightLine} from './highlight.js';

/** Pairs of [left, right] rows; each side is {n, text, kind} or null. */
export function diffLines(a, b) {
  const n = a.length, m = b.length;
  const lcs = Array.from({length: n + 1}, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const rows = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      rows.push([{n: i + 1, text: a[i], kind: 'same'}, {n: j + 1, text: b[j], kind: 'same'}]);
      i++; j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      rows.push([null, {n: j + 1, text: b[j], kind: 'added'}]);
      j++;
    } else {
      rows.push([{n: i + 1, text: a[i], kind: 'removed'}, null]);
      i++;
    }
  }
  return rows;
}

export function diffView(leftText, rightText, leftLabel, rightLabel) {
  const rows = diffLines(leftText.split('\n'), rightText.split('\n'));
  const cell = (side) => side
      ? [h('td', {class: 'ln'}, side.n), h('td', {class: side.kind}, h('code', {}, highlightLine(side.text)))]
      : [h('td', {class: 'ln'}), h('td', {class: 'empty'})];
  const changed = rows.filter(([l, r]) => !l || !r).length;
  return h('div', {class: 'diff', role: 'region', 'aria-label': `Diff of ${leftLabel} and ${rightLabel}`, tabindex: 0},
      h('p', {}, changed ? `${changed} changed line(s)` : 'No differences'),
      h('table', {},
          // With a fixed layout the columns take these widths, not the spanning header's even split.
          h('colgroup', {}, h('col', {class: 'ln'}), h('col', {class: 'text'}), h('col', {class: 'ln'}),
              h('col', {class: 'text'})),
          h('thead', {}, h('tr', {}, h('th', {colspan: 2, scope: 'col'}, leftLabel),
              h('th', {colspan: 2, scope: 'col'}, rightLabel))),
          h('tbody', {}, rows.map(([l, r]) => h('tr', {}, cell(l), cell(r))))));
}
