package dev.plinth.connectors;

import dev.plinth.connectors.internal.http.HttpExecutors;
import dev.plinth.connectors.sql.SqlExecutors;
import dev.plinth.orchestrator.StepExecutor;
import java.util.List;
import java.util.Optional;

/**
 * The built-in connectors a process without Plinth's Spring context can run — the deploy agent,
 * inside a private network: {@code sql} and {@code http}. The agent receives each task's connector
 * settings with their secrets already substituted, so no secret store is needed here.
 */
public final class StandaloneConnectors {

    private StandaloneConnectors() {
    }

    public static List<StepExecutor> executors() {
        SecretValues none = (tenantId, name, environment) -> Optional.empty();
        return List.of(SqlExecutors.standalone(none), HttpExecutors.standalone(none));
    }
}
