// Turns the run timeline API's answer into Gantt rows: one row per attempt, child-run steps
// labelled with their branch, waits drawn over their step, an attempt still waiting called so,
// critical-path steps marked.

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
      // A wait belongs to the attempt it follows: a timer or approval inside it, a retry backoff after it.
      const own = waits.filter(w => w.start >= start && w.start < next);
      const open = !attempt.endedAt ? own.find(w => w.end === null) : undefined;
      rows.push({
        label: step.attempts.length > 1 ? `${name} #${attempt.attempt}` : name,
        start, end: ms(attempt.endedAt), critical: step.onCriticalPath, waits: own,
        // The engine records an approval, signal or timer it is waiting on as "dispatched"; a reader
        // wants to know it is waiting, and for what.
        status: open ? 'waiting' : attempt.status, waitingFor: open?.kind,
      });
    });
  }
  return rows;
}
