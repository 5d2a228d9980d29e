// Reads the Prometheus text exposition format into samples: [{name, labels, value}].

export function parsePrometheus(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    for (const pair of (m[3] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    samples.push({name: m[1], labels, value: Number(m[4])});
  }
  return samples;
}

/** The sum of the samples named `name`, grouped by the value of label `by` (or all together). */
export function sumBy(samples, name, by) {
  const groups = new Map();
  for (const sample of samples) {
    if (sample.name !== name) continue;
    const key = by ? (sample.labels[by] ?? '') : 'all';
    groups.set(key, (groups.get(key) || 0) + sample.value);
  }
  return groups;
}
