package dev.plinth.connectors.internal.http;

import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.StepExecutor;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/** The {@code http} executor outside a Spring context. */
public final class HttpExecutors {

    private HttpExecutors() {
    }

    public static StepExecutor standalone(SecretValues secrets) {
        return new HttpExecutor(secrets, JsonMapper.builder().build(), Clock.systemUTC(), Pause.SLEEP);
    }
}
