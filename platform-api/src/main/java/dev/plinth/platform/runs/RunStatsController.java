package dev.plinth.platform.runs;

import dev.plinth.connectors.LlmUsage;
import dev.plinth.orchestrator.RunStatistics;
import dev.plinth.orchestrator.RunStatistics.RunBucket;
import dev.plinth.orchestrator.RunStatistics.StepLatency;
import dev.plinth.platform.security.ApiPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's runs per time bucket, counted from run history, how long their steps took, and the
 * LLM tokens its calls used (the console's overview charts).
 */
@RestController
@Tag(name = "Runs", description = "Durable workflow runs of an app")
class RunStatsController {

    private final RunStatistics statistics;
    private final LlmUsage llmUsage;

    RunStatsController(RunStatistics statistics, LlmUsage llmUsage) {
        this.statistics = statistics;
        this.llmUsage = llmUsage;
    }

    /**
     * Runs in every bucket of the window (empty ones included); step latency and LLM tokens in the
     * buckets that have any.
     */
    record RunStats(Instant from, Instant to, String bucket, List<RunBucket> runs, StepLatencies stepLatency,
            List<LlmUsage.Tokens> llmTokens) {
    }

    /** Step latency of the runs that ended in each bucket: all steps together, and per step type. */
    record StepLatencies(List<Latency> overall, List<TypeLatency> byStepType) {

        static StepLatencies of(List<StepLatency> measured) {
            return new StepLatencies(
                    measured.stream().filter(m -> m.stepType() == null)
                            .map(m -> new Latency(m.start(), m.attempts(), m.meanMillis(), m.p95Millis())).toList(),
                    measured.stream().filter(m -> m.stepType() != null)
                            .map(m -> new TypeLatency(m.start(), m.stepType(), m.attempts(), m.meanMillis(),
                                    m.p95Millis())).toList());
        }
    }

    record Latency(Instant start, long attempts, double meanMillis, double p95Millis) {
    }

    record TypeLatency(Instant start, String stepType, long attempts, double meanMillis, double p95Millis) {
    }

    @GetMapping("/api/v1/runs/stats")
    @Operation(summary = "The tenant's runs started, completed, failed and cancelled, their step latency, and "
            + "the LLM tokens their steps used by model, per time bucket",
            description = "from (default: an hour before to) and to (default: now) are ISO-8601 instants; bucket is "
                    + "1m (default), 5m, 15m, 1h or 1d, and the window may hold at most 1440 buckets. from is "
                    + "rounded down to a bucket boundary. Started runs count by start time, ended ones by end time; "
                    + "child runs of sub-workflows count like other runs. stepLatency measures the ended step "
                    + "attempts of the runs that ended in each bucket (start to end of each attempt, so a retried "
                    + "step counts once per attempt and an approval or wait its waiting time): attempts, meanMillis "
                    + "and p95Millis (interpolated 95th percentile), overall and byStepType; the steps of parallel "
                    + "branches' internal runs are not measured, the parallel step itself is. LLM tokens are those "
                    + "the providers reported for answered llm connector calls (promptTokens: input, "
                    + "completionTokens: output).")
    RunStats stats(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String bucket) {
        RunStatsQuery query = RunStatsQuery.parse(from, to, bucket, Instant.now());
        UUID tenantId = ApiPrincipal.current().tenantId();
        Map<Instant, RunBucket> counted = statistics.runs(tenantId, query.from(), query.to(), query.bucket())
                .stream().collect(Collectors.toMap(RunBucket::start, Function.identity()));
        List<RunBucket> runs = query.bucketStarts().stream()
                .map(start -> counted.getOrDefault(start, new RunBucket(start, 0, 0, 0, 0))).toList();
        return new RunStats(query.from(), query.to(), query.bucketName(), runs,
                StepLatencies.of(statistics.stepLatency(tenantId, query.from(), query.to(), query.bucket())),
                llmUsage.tokens(tenantId, query.from(), query.to(), query.bucket()));
    }
}
