package dev.plinth.platform.registry.definition;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Connector types are open — any jar can contribute one — so the schema cannot list them; this rule
 * checks each declared connector against the executors this installation has: an unknown type is
 * reported with the types that exist, and a known type's executor checks its settings. A
 * connector's per-environment overrides are checked merged over its base settings, and reported at
 * the override.
 */
final class ConnectorTypeRule implements SemanticRule {

    private final SortedMap<String, StepExecutor> executors;

    ConnectorTypeRule(List<StepExecutor> executors) {
        this.executors = executors.stream().collect(Collectors.toMap(StepExecutor::type, Function.identity(),
                (first, second) -> first, java.util.TreeMap::new));
    }

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        JsonNode spec = submission.outline().root().path("spec");
        for (Map.Entry<String, JsonNode> connector : spec.path("connectors").properties()) {
            String pointer = JsonPointers.append("/spec/connectors", connector.getKey());
            JsonNode type = connector.getValue().path("type");
            if (!type.isString()) {
                continue; // the schema reports a missing or non-string type
            }
            StepExecutor executor = executors.get(type.asString());
            if (executor == null) {
                problems.add(unknown(JsonPointers.append(pointer, "type"), type.asString()));
                continue;
            }
            settings(executor, connector.getValue(), pointer, problems, null);
            overrides(spec, connector.getKey(), connector.getValue(), executor, problems);
        }
    }

    private DefinitionProblem unknown(String pointer, String type) {
        String suggestion = Suggestions.didYouMean(type, executors.keySet());
        return new DefinitionProblem(pointer, "unknown connector type `" + type + "`",
                (suggestion.isEmpty() ? "" : suggestion + " ") + "connector types in this installation: "
                        + Suggestions.list(executors.keySet(), executors.size())
                        + "; a connector type is added by a jar on the classpath with a StepExecutor bean", null);
    }

    private void overrides(JsonNode spec, String name, JsonNode base, StepExecutor executor,
            List<DefinitionProblem> problems) {
        for (Map.Entry<String, JsonNode> environment : spec.path("environments").properties()) {
            JsonNode override = environment.getValue().path("connectors").path(name);
            if (!override.isObject()) {
                continue;
            }
            String pointer = JsonPointers.append(JsonPointers.append(
                    JsonPointers.append("/spec/environments", environment.getKey()), "connectors"), name);
            settings(executor, merge(base, override), pointer, problems, override);
        }
    }

    /**
     * Runs the executor's check and reports what it finds under {@code pointer}. With an override,
     * only problems inside the override are reported: the rest were reported on the base settings.
     */
    private static void settings(StepExecutor executor, JsonNode connector, String pointer,
            List<DefinitionProblem> problems, JsonNode override) {
        List<SettingProblem> found;
        try {
            found = executor.validate(connector);
        } catch (RuntimeException failure) {
            problems.add(new DefinitionProblem(pointer, "the `" + executor.type()
                    + "` connector could not check these settings", "check them against the connector's documentation",
                    null));
            return;
        }
        for (SettingProblem problem : found == null ? List.<SettingProblem>of() : found) {
            String relative = problem.pointer() == null ? "" : problem.pointer();
            if (override != null && override.at(relative).isMissingNode()) {
                continue;
            }
            problems.add(new DefinitionProblem(pointer + relative, problem.message(), null, null));
        }
    }

    private static JsonNode merge(JsonNode base, JsonNode override) {
        ObjectNode merged = ((ObjectNode) base).deepCopy();
        for (Map.Entry<String, JsonNode> member : override.properties()) {
            JsonNode existing = merged.get(member.getKey());
            merged.set(member.getKey(), existing != null && existing.isObject() && member.getValue().isObject()
                    ? merge(existing, member.getValue()) : member.getValue());
        }
        return merged;
    }
}
