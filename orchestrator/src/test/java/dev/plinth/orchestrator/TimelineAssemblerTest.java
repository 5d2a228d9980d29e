package dev.plinth.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A run with a parallel step laid out: branch labels, waits inside branches, the path through the slow branch. */
class TimelineAssemblerTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    final UUID parentId = UUID.randomUUID();
    final UUID leftId = UUID.randomUUID();
    final UUID rightId = UUID.randomUUID();

    static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    static StepAttemptView attempt(String step, String type, int attempt, String status, String input, int start,
            Integer end) {
        JsonNode error = "failed".equals(status) ? JSON.readTree("{\"type\":\"unavailable\"}") : null;
        return new StepAttemptView(step, type, attempt, status, input == null ? null : JSON.readTree(input), null,
                error, at(start), end == null ? null : at(end), "trace-" + step + "-" + attempt);
    }

    RunView run(UUID id, String status, int start, Integer end, RunView.Parent parent) {
        return new RunView(id, "shop", 1, "fanout", status, null, null, null, List.of(), at(start), at(start),
                end == null ? null : at(end), parent);
    }

    RunTimeline timeline(String leftStatus, String rightStatus, int rightEnd) {
        RunView parent = run(parentId, "completed", 0, 12, null);
        RunView left = run(leftId, leftStatus, 1, 6, new RunView.Parent(parentId, "both", 0));
        RunView right = run(rightId, rightStatus, 1, rightEnd, new RunView.Parent(parentId, "both", 1));
        Map<UUID, List<StepAttemptView>> histories = Map.of(
                parentId, List.of(
                        attempt("prep", "transform", 1, "completed", null, 0, 1),
                        attempt("both", "parallel", 1, "completed", "{\"branches\":[\"left\",\"right\"]}", 1, 11),
                        attempt("done", "succeed", 1, "completed", null, 11, 12)),
                leftId, List.of(
                        attempt("l1", "call", 1, "failed", null, 1, 2),
                        attempt("l1", "call", 2, "completed", null, 3, 6)),
                rightId, List.of(
                        attempt("r1", "wait", 1, "completed", "{\"until\":\"" + at(9) + "\"}", 1, 9),
                        attempt("r2", "call", 1, rightStatus, null, 9, rightEnd)));
        return RunTimeline.of(parent, histories::get,
                id -> id.equals(parentId) ? List.of(left, right) : List.of());
    }

    @Test
    void branchStepsAreLabelledAndThePathGoesThroughTheSlowerBranch() {
        RunTimeline timeline = timeline("completed", "completed", 11);

        assertThat(timeline.steps()).extracting(RunTimeline.Step::stepId)
                .containsExactly("prep", "both", "l1", "r1", "r2", "done");
        RunTimeline.Step l1 = timeline.steps().get(2);
        assertThat(l1.runId()).isEqualTo(leftId);
        assertThat(l1.branch()).isEqualTo("both/left");
        assertThat(l1.parent()).isEqualTo("both");
        assertThat(l1.attempts()).extracting(RunTimeline.Attempt::errorType).containsExactly("unavailable", null);
        assertThat(l1.attempts()).extracting(RunTimeline.Attempt::traceId).containsExactly("trace-l1-1", "trace-l1-2");
        assertThat(timeline.steps().get(0).branch()).isNull();

        assertThat(timeline.waits()).extracting(w -> w.kind() + " " + w.stepId() + " " + w.branch())
                .containsExactly("timer r1 both/right", "retry l1 both/left");
        assertThat(timeline.waits().get(0).until()).isEqualTo(at(9));

        assertThat(timeline.criticalPath()).containsExactly(
                new RunTimeline.PathStep(parentId, "prep", null),
                new RunTimeline.PathStep(parentId, "both", null),
                new RunTimeline.PathStep(rightId, "r1", "both/right"),
                new RunTimeline.PathStep(rightId, "r2", "both/right"),
                new RunTimeline.PathStep(parentId, "done", null));
        assertThat(timeline.steps()).filteredOn(RunTimeline.Step::onCriticalPath).extracting(RunTimeline.Step::stepId)
                .containsExactly("prep", "both", "r1", "r2", "done");
        assertThat(timeline.truncated()).isFalse();
    }

    @Test
    void aBranchCancelledWhenTheJoinWasMetIsNotOnThePath() {
        RunTimeline timeline = timeline("completed", "cancelled", 11);

        assertThat(timeline.criticalPath()).extracting(RunTimeline.PathStep::stepId)
                .containsExactly("prep", "both", "l1", "done");
    }
}
