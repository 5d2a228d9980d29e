package dev.plinth.connectors.internal.http;

import dev.plinth.connectors.Redactor;
import dev.plinth.connectors.SecretReferences;
import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code http} connector: calls an HTTP API with the connector's base URL, headers, auth,
 * timeouts, retries, circuit breaker and rate limit, and returns {@code {status, headers, body}}.
 * Secret references in the settings are resolved per call, and every resolved value (and the
 * credentials derived from them) is redacted from the output and error message it returns.
 */
final class HttpExecutor implements StepExecutor {

    static final String TYPE = "http";

    private final SecretValues secrets;
    private final ConnectorGuards guards = new ConnectorGuards();
    private final HttpExchange exchange;

    HttpExecutor(SecretValues secrets, JsonMapper json, Clock clock, Pause pause) {
        this.secrets = secrets;
        HttpClients clients = new HttpClients();
        this.exchange = new HttpExchange(clients, new OAuth2Tokens(clients, clock, json), new HttpResponses(json, clock),
                pause);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<SettingProblem> validate(JsonNode connector) {
        return HttpSettings.problems(connector);
    }

    @Override
    public StepOutcome execute(StepInvocation invocation) {
        SecretReferences.Resolved resolved;
        try {
            resolved = SecretReferences.resolve(invocation.connector(),
                    name -> secrets.value(invocation.tenantId(), name, invocation.environment()));
        } catch (SecretReferences.MissingSecretException missing) {
            return StepOutcome.failure("secret-missing", missing.getMessage(), false);
        }
        Redactor redactor = resolved.redactor();
        try {
            return redactor.redact(call(invocation, resolved.settings(), redactor));
        } catch (RuntimeException unexpected) {
            // Caught here rather than by the worker, so even an unforeseen message is redacted first.
            return StepOutcome.failure("executor-error", redactor.redact("The http connector failed: "
                    + unexpected.getClass().getSimpleName() + " " + unexpected.getMessage()), true);
        }
    }

    private StepOutcome call(StepInvocation invocation, JsonNode connector, Redactor redactor) {
        List<SettingProblem> problems = new ArrayList<>();
        HttpSettings settings = HttpSettings.read(connector, problems);
        if (!problems.isEmpty()) {
            return StepOutcome.failure("invalid-settings", "Connector '" + invocation.connectorName()
                    + "' has invalid settings: " + problems.stream().map(p -> p.pointer() + " " + p.message())
                    .collect(Collectors.joining("; ")), false);
        }
        try {
            HttpRequestSpec spec = HttpRequestSpec.of(invocation.operation(), invocation.parameters(), settings);
            ConnectorGuards.Guard guard = guards.of(invocation.tenantId(), invocation.appId(),
                    invocation.connectorName(), settings);
            return exchange.run(invocation, settings, spec, guard, redactor);
        } catch (HttpRequestSpec.InvalidRequest invalid) {
            return StepOutcome.failure("invalid-request", "Step '" + invocation.stepId() + "': "
                    + invalid.getMessage(), false);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return StepOutcome.failure("interrupted", "The call was interrupted (the worker is stopping)", true);
        }
    }
}
