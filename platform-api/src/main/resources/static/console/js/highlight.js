// A small YAML/JSON highlighter: enough to tell keys, strings, numbers, comments and expressions
// apart. Written here because the console has no build step and loads nothing from outside.
import {h} from './dom.js';

const TOKENS = [
  ['comment', /^#.*/],
  ['expr', /^\$\{[^}]*\}/],
  ['key', /^("(?:[^"\\]|\\.)*"|[A-Za-z_][\w.-]*)(?=\s*:(\s|$))/],
  ['string', /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')/],
  ['number', /^-?\d+(\.\d+)?([eE][+-]?\d+)?\b/],
  ['literal', /^(true|false|null|~)\b/],
  ['punct', /^[{}[\],:-]/],
];

/** The tokens of one line as highlighted spans. */
export function highlightLine(line) {
  const parts = [];
  let rest = line;
  let plain = '';
  while (rest.length) {
    let matched = false;
    const atWordStart = plain === '' || /[\s{[,:]$/.test(plain);
    for (const [kind, regex] of TOKENS) {
      if ((kind === 'number' || kind === 'literal' || kind === 'key') && !atWordStart) continue;
      const m = regex.exec(rest);
      if (m && m[0].length) {
        if (plain) parts.push(plain);
        plain = '';
        // An expression inside a string is the interesting part: show it as one.
        parts.push(h('span', {class: 'tok-' + kind}, m[0]));
        rest = rest.slice(m[0].length);
        matched = true;
        break;
      }
    }
    if (!matched) {
      plain += rest[0];
      rest = rest.slice(1);
    }
  }
  if (plain) parts.push(plain);
  return parts;
}

/**
 * A code block with line numbers; `marks` maps a line number to messages shown under that line
 * (validation problems).
 */
export function codeView(text, marks = new Map(), label = 'Definition') {
  const lines = text.replace(/\n$/, '').split('\n');
  return h('div', {class: 'code', role: 'region', 'aria-label': label, tabindex: 0},
      lines.map((line, i) => {
        const number = i + 1;
        const problems = marks.get(number);
        return [
          h('div', {class: 'line' + (problems ? ' bad' : ''), dataset: {line: number}},
              h('span', {class: 'ln', 'aria-hidden': 'true'}, number),
              h('code', {}, highlightLine(line))),
          problems ? problems.map(message => h('div', {class: 'problem', role: 'note'},
              h('strong', {}, `Line ${number}: `), message)) : null,
        ];
      }));
}
