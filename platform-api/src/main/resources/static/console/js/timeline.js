// Turns the run timeline API's answer into Gantt rows: one row per attempt, child-run steps
// labelled with their branch, waits drawn over their step, critical-path steps marked.

const ms = (instant) => instant ? Date.parse(instant) : null;

export function timelineRows(timeline) {
  const rows = [];
  for (const step of timeline.steps) {
    const name = step.branch ? `${step.branch} › ${step.stepId}` : step.stepId;
    const waits = timeline.waits
        .filter(w => w.runId === step.runId && w.stepId === step.stepId && w.branch === step.branch)
        .map(w => ({start: ms(w.from), end: ms(w.to), kind: w.kind}));
    step.attempts.forEach((attempt, i) => {
      const start = ms(attempt.startedAt);
      const next = step.attempts[i + 1] ? ms(step.attempts[i + 1].startedAt) : Infinity;
      rows.push({
        label: step.attempts.length > 1 ? `${name} #${attempt.attempt}` : name,
        start, end: ms(attempt.endedAt), status: attempt.status, critical: step.onCriticalPath,
        // A wait belongs to the attempt it follows: a timer or approval inside it, a retry backoff after it.
        waits: waits.filter(w => w.start >= start && w.start < next),
      });
    });
  }
  return rows;
}
