package dev.plinth.platform.runs;

import dev.plinth.orchestrator.RunView;
import dev.plinth.orchestrator.StepAttemptView;
import java.util.List;

/**
 * What a run event carries: the run (status, current steps, output, error) and every step attempt,
 * complete each time, so a client that missed events is never behind after the next one.
 */
record RunSnapshot(RunView run, List<StepAttemptView> history) {

    boolean ended() {
        return !"running".equals(run.status()) && !"paused".equals(run.status());
    }
}
