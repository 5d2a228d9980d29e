package dev.plinth.deploy.internal;

import dev.plinth.connectors.SecretValues;
import dev.plinth.deploy.CheckResult;
import dev.plinth.deploy.RevisionSource;
import dev.plinth.orchestrator.RunView;
import dev.plinth.orchestrator.StartRun;
import dev.plinth.orchestrator.WorkflowException;
import dev.plinth.orchestrator.Workflows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import tools.jackson.databind.JsonNode;

/**
 * The checks a deployment passes before it becomes active, in order: the revision still exists
 * for the app, every secret it references exists, every connector that declares a {@code check} is
 * reachable with the environment's settings, and the environment's smoke-test workflow (when the
 * definition declares one) runs to completion in time. Each call advances as far as it can
 * without blocking: a running smoke test is looked at again on a later call.
 */
class PreflightChecks {

    /** Where a deployment's checks stand after one call. */
    enum State { PASSED, FAILED, RUNNING }

    /** The checks so far, the smoke-test run and its deadline, and which check failed, if one did. */
    record Outcome(State state, List<CheckResult> checks, UUID smokeRun, Instant deadline, String failure) {
    }

    private final RevisionSource revisions;
    private final ObjectProvider<SecretValues> secrets;
    private final Workflows workflows;
    private final DeployProperties properties;
    private final ConnectorProbes probes;

    PreflightChecks(RevisionSource revisions, ObjectProvider<SecretValues> secrets, Workflows workflows,
            DeployProperties properties, ConnectorProbes probes) {
        this.probes = probes;
        this.revisions = revisions;
        this.secrets = secrets;
        this.workflows = workflows;
        this.properties = properties;
    }

    Outcome check(DeploymentRow deployment) {
        List<CheckResult> checks = new ArrayList<>();
        Optional<JsonNode> definition = revisions.definition(deployment.tenantId(), deployment.appId(),
                deployment.revision());
        if (definition.isEmpty()) {
            return failed(checks, CheckResult.failed("revision", "revision " + deployment.revision() + " of app '"
                    + deployment.appName() + "' no longer exists"), deployment);
        }
        checks.add(CheckResult.passed("revision", "revision " + deployment.revision() + " of app '"
                + deployment.appName() + "' exists and passed validation when it was submitted"));
        CheckResult secretCheck = secrets(deployment, definition.get());
        if (secretCheck.hasFailed()) {
            return failed(checks, secretCheck, deployment);
        }
        checks.add(secretCheck);
        CheckResult connectorCheck = connectors(deployment, definition.get());
        if (connectorCheck.hasFailed()) {
            return failed(checks, connectorCheck, deployment);
        }
        checks.add(connectorCheck);
        return smoke(deployment, definition.get(), checks);
    }

    private CheckResult secrets(DeploymentRow deployment, JsonNode definition) {
        Set<String> names = SecretReferences.in(definition, deployment.environment());
        if (names.isEmpty()) {
            return CheckResult.passed("secrets", "the revision references no secrets");
        }
        SecretValues store = secrets.getIfAvailable();
        if (store == null) {
            return CheckResult.failed("secrets", "the revision references secrets (" + String.join(", ", names)
                    + ") but this installation has no secret store");
        }
        List<String> missing = names.stream().filter(name -> store.value(deployment.tenantId(), name, deployment.environment()).isEmpty())
                .toList();
        if (!missing.isEmpty()) {
            return CheckResult.failed("secrets", "missing secret(s) " + String.join(", ", missing)
                    + " referenced as ${secret:...}; create them, then deploy again");
        }
        return CheckResult.passed("secrets", "all " + names.size() + " referenced secret(s) exist");
    }

    /** Probed once: while the smoke test runs, later calls keep the result recorded the first time. */
    private CheckResult connectors(DeploymentRow deployment, JsonNode definition) {
        if (deployment.smokeRunId() != null && deployment.checks() != null) {
            for (CheckResult earlier : deployment.checks()) {
                if ("connectors".equals(earlier.name())) {
                    return earlier;
                }
            }
        }
        return probes.check(deployment, definition);
    }

    private Outcome smoke(DeploymentRow deployment, JsonNode definition, List<CheckResult> checks) {
        JsonNode smokeTest = definition.path("spec").path("environments").path(deployment.environment())
                .path("smokeTest");
        if (!smokeTest.isObject()) {
            checks.add(new CheckResult("smoke", "skipped", "no smokeTest declared for environment '"
                    + deployment.environment() + "'"));
            return new Outcome(State.PASSED, checks, null, null, null);
        }
        String workflow = smokeTest.path("workflow").asString();
        UUID runId = deployment.smokeRunId();
        Instant deadline = deployment.checksDeadline();
        if (runId == null) {
            try {
                // The deployment id as idempotency key: after a crash between starting the run and
                // recording it, the next attempt gets the same run back instead of a second one. The
                // run belongs to the target environment, so its overrides apply as they will in use.
                runId = workflows.start(new StartRun(deployment.tenantId(), deployment.appId(), deployment.appName(),
                        deployment.revision(), definition, workflow, smokeTest.get("input"),
                        "deployment:" + deployment.id(), deployment.environment())).id();
            } catch (WorkflowException refused) {
                return failed(checks, CheckResult.failed("smoke", "smoke-test workflow '" + workflow
                        + "' could not start: " + refused.getMessage()), deployment);
            }
            deadline = Instant.now().plus(timeout(smokeTest));
        }
        RunView run = workflows.run(deployment.tenantId(), runId);
        String about = "smoke-test run " + runId + " of workflow '" + workflow + "'";
        switch (run.status()) {
            case "completed" -> {
                checks.add(CheckResult.passed("smoke", about + " completed"));
                return new Outcome(State.PASSED, checks, runId, deadline, null);
            }
            case "failed", "cancelled" -> {
                CheckResult failed = CheckResult.failed("smoke", about + " " + run.status() + reason(run.error()));
                checks.add(failed);
                return new Outcome(State.FAILED, checks, runId, deadline, summary(failed));
            }
            default -> {
                if (Instant.now().isAfter(deadline)) {
                    workflows.cancel(deployment.tenantId(), runId);
                    CheckResult late = CheckResult.failed("smoke", about + " did not finish within "
                            + timeout(smokeTest) + "; it was cancelled");
                    checks.add(late);
                    return new Outcome(State.FAILED, checks, runId, deadline, summary(late));
                }
                checks.add(new CheckResult("smoke", "running", about + " is running"));
                return new Outcome(State.RUNNING, checks, runId, deadline, null);
            }
        }
    }

    private Duration timeout(JsonNode smokeTest) {
        JsonNode timeout = smokeTest.path("timeout");
        return timeout.isString() ? Duration.parse(timeout.asString()) : properties.smokeTimeout();
    }

    private static String reason(JsonNode error) {
        if (error == null || error.isNull() || error.isMissingNode()) {
            return "";
        }
        JsonNode message = error.path("message");
        return ": " + (message.isString() ? message.asString() : error.toString());
    }

    private static Outcome failed(List<CheckResult> checks, CheckResult failed, DeploymentRow deployment) {
        checks.add(failed);
        return new Outcome(State.FAILED, checks, deployment.smokeRunId(), deployment.checksDeadline(),
                summary(failed));
    }

    private static String summary(CheckResult failed) {
        return "check '" + failed.name() + "' failed: " + failed.detail();
    }
}
