package dev.plinth.connectors.sql;

import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.StepExecutor;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/** The {@code sql} executor outside a Spring context, for the deploy agent. */
public final class SqlExecutors {

    private SqlExecutors() {
    }

    /** @param secrets where {@code ${secret:name}} references resolve (the agent's resolve nothing: they come substituted) */
    public static StepExecutor standalone(SecretValues secrets) {
        return new SqlStepExecutor(() -> secrets, JsonMapper.builder().build(), 10, Duration.ofSeconds(10));
    }
}
