package dev.plinth.deploy.internal;

import dev.plinth.deploy.CheckResult;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code connectors} pre-flight check: every connector that declares {@code check} is probed
 * through its own executor with the target environment's settings — a SQL connector runs
 * {@code select 1}, an HTTP connector requests its {@code check.path} (its base URL when the check is
 * just {@code true}), any type runs {@code check: {operation, with}} when given. A connector that
 * runs on the environment's deploy agent is not reachable from here and is skipped, saying so.
 */
class ConnectorProbes {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, StepExecutor> executors;

    ConnectorProbes(List<StepExecutor> executors) {
        this.executors = executors.stream().collect(Collectors.toMap(StepExecutor::type, Function.identity(),
                (first, second) -> first));
    }

    CheckResult check(DeploymentRow deployment, JsonNode definition) {
        JsonNode spec = definition.path("spec");
        JsonNode environment = spec.path("environments").path(deployment.environment());
        List<String> reached = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, JsonNode> connector : spec.path("connectors").properties()) {
            String name = connector.getKey();
            JsonNode check = connector.getValue().get("check");
            if (check == null || check.isNull() || (check.isBoolean() && !check.asBoolean())) {
                continue;
            }
            if ("agent".equals(environment.path("runsOn").path(name).asString(""))) {
                skipped.add(name);
                continue;
            }
            JsonNode settings = merged(connector.getValue(), environment.path("connectors").get(name));
            String type = settings.path("type").asString();
            StepExecutor executor = executors.get(type);
            if (executor == null) {
                return CheckResult.failed("connectors", "connector '" + name + "' is of type '" + type
                        + "', which this installation cannot run");
            }
            StepOutcome outcome = probe(deployment, name, type, settings, check, executor);
            if (!outcome.succeeded()) {
                return CheckResult.failed("connectors", "connector '" + name + "' is not reachable from environment '"
                        + deployment.environment() + "': " + outcome.errorType() + " — " + outcome.errorMessage());
            }
            reached.add(name);
        }
        if (reached.isEmpty() && skipped.isEmpty()) {
            return new CheckResult("connectors", "skipped", "no connector declares a check");
        }
        String detail = reached.isEmpty() ? "" : "reachable: " + String.join(", ", reached);
        if (!skipped.isEmpty()) {
            detail += (detail.isEmpty() ? "" : "; ") + "not checked from here (they run on the environment's agent): "
                    + String.join(", ", skipped);
        }
        return CheckResult.passed("connectors", detail);
    }

    private static StepOutcome probe(DeploymentRow deployment, String name, String type, JsonNode settings,
            JsonNode check, StepExecutor executor) {
        String operation;
        ObjectNode with = NODES.objectNode();
        if (check.isObject() && check.has("operation")) {
            operation = check.path("operation").asString();
            if (check.path("with").isObject()) {
                with.setAll((ObjectNode) check.path("with"));
            }
        } else if ("sql".equals(type)) {
            operation = "query";
            with.put("sql", "select 1");
        } else if ("http".equals(type)) {
            operation = "get";
            with.put("method", "GET").put("path", check.path("path").asString(""));
        } else {
            return StepOutcome.failure("invalid-check", "a '" + type + "' connector's check needs "
                    + "{operation, with}", false);
        }
        StepInvocation invocation = new StepInvocation(deployment.tenantId(), deployment.appId(), deployment.id(),
                "check:" + name, 1, "deployment:" + deployment.id() + ":check:" + name, name, settings, operation,
                with, deployment.appName(), deployment.environment());
        try {
            return executor.execute(invocation);
        } catch (RuntimeException failure) {
            return StepOutcome.failure("executor-error", String.valueOf(failure.getMessage()), false);
        }
    }

    /** The connector's settings as the environment sees them: its overrides merged over the base. */
    private static JsonNode merged(JsonNode base, JsonNode override) {
        if (override == null || !override.isObject()) {
            return base;
        }
        ObjectNode result = (ObjectNode) base.deepCopy();
        override.properties().forEach(field -> {
            JsonNode existing = result.get(field.getKey());
            result.set(field.getKey(), existing != null && existing.isObject() && field.getValue().isObject()
                    ? merged(existing, field.getValue()) : field.getValue().deepCopy());
        });
        return result;
    }
}
