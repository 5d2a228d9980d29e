package dev.plinth.connectors.internal.http;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@code http} executor wired for tests: secrets from a map, a clock the test moves, and
 * retry waits recorded instead of slept.
 */
final class HttpConnectorFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final Map<String, String> secrets = new HashMap<>();
    final MutableClock clock = new MutableClock();
    final List<Duration> waits = new ArrayList<>();
    final UUID tenant = UUID.randomUUID();
    final UUID app = UUID.randomUUID();
    final HttpExecutor executor;
    private final WireMockServer target;

    HttpConnectorFixture(WireMockServer target) {
        this.target = target;
        SecretValues values = (tenantId, name, environment) -> tenantId.equals(tenant)
                ? Optional.ofNullable(secrets.get(name)) : Optional.empty();
        this.executor = new HttpExecutor(values, JSON, clock, waits::add);
    }

    /** A connector declaration; {@code %s} in it is replaced by the WireMock base URL. */
    JsonNode connector(String json) {
        return JSON.readTree(json.replace("%s", target.baseUrl()));
    }

    StepOutcome call(JsonNode connector, String operation, String with) {
        return executor.execute(invocation(connector, operation, with, 1));
    }

    StepInvocation invocation(JsonNode connector, String operation, String with, int attempt) {
        UUID run = UUID.randomUUID();
        return new StepInvocation(tenant, app, run, "call-api", attempt, run + ":call-api", "api", connector,
                operation, JSON.readTree(with));
    }
}
