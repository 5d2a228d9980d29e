package dev.plinth.platform.connectors.sample;

import dev.plinth.connectors.SecretReferences;
import dev.plinth.connectors.SecretValues;
import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The connector SPI sample: a {@code greeting} connector type, as a third party would ship it in
 * its own jar. Settings: {@code greeting} (required, may reference a secret). Step {@code with}:
 * {@code name}. Output: {@code {message}}.
 */
public class GreetingExecutor implements StepExecutor {

    private final SecretValues secrets;

    public GreetingExecutor(SecretValues secrets) {
        this.secrets = secrets;
    }

    @Override
    public String type() {
        return "greeting";
    }

    @Override
    public List<SettingProblem> validate(JsonNode connector) {
        List<SettingProblem> problems = new ArrayList<>();
        JsonNode greeting = connector.path("greeting");
        if (!greeting.isString() || greeting.asString().isBlank()) {
            problems.add(new SettingProblem("/greeting", "greeting is required: the word to greet with, e.g. Hello"));
        }
        return problems;
    }

    @Override
    public StepOutcome execute(StepInvocation invocation) {
        SecretReferences.Resolved settings;
        try {
            settings = SecretReferences.resolve(invocation.connector(),
                    name -> secrets.value(invocation.tenantId(), name));
        } catch (SecretReferences.MissingSecretException missing) {
            return StepOutcome.failure("secret-missing", missing.getMessage(), false);
        }
        String message = settings.settings().path("greeting").asString() + ", "
                + invocation.parameters().path("name").asString("world") + "!";
        return settings.redactor().redact(
                StepOutcome.success(JsonNodeFactory.instance.objectNode().put("message", message)));
    }
}
