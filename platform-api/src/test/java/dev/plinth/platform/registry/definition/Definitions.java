package dev.plinth.platform.registry.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.plinth.orchestrator.StepExecutor;
import dev.plinth.orchestrator.StepInvocation;
import dev.plinth.orchestrator.StepOutcome;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Test fixtures: the example definition, small YAML snippets, and in-place edits by pointer. */
final class Definitions {

    static final DefinitionParser PARSER = new DefinitionParser();

    /** The connector types the example uses, as an installation with those connectors has them. */
    static final List<String> CONNECTOR_TYPES = List.of("http", "sql", "kafka", "llm", "echo", "noop");

    static final DefinitionValidator VALIDATOR = new DefinitionValidator(
            CONNECTOR_TYPES.stream().map(Definitions::executorOfType).toList());

    private Definitions() {
    }

    /** An executor that only has a type: these tests validate definitions and never run a step. */
    static StepExecutor executorOfType(String type) {
        return new StepExecutor() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public StepOutcome execute(StepInvocation invocation) {
                return StepOutcome.failure("not-run", "definition tests do not run steps", false);
            }
        };
    }

    static byte[] exampleBytes() {
        try (InputStream in = Definitions.class.getResourceAsStream("/examples/support-assistant.yaml")) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** A fresh, mutable copy of the example. */
    static ObjectNode example() {
        return (ObjectNode) PARSER.parse(exampleBytes(), DefinitionFormat.YAML).document();
    }

    static ParsedDefinition yaml(String text) {
        return PARSER.parse(text.getBytes(StandardCharsets.UTF_8), DefinitionFormat.YAML);
    }

    static ParsedDefinition json(String text) {
        return PARSER.parse(text.getBytes(StandardCharsets.UTF_8), DefinitionFormat.JSON);
    }

    /** A valid app with the given workflows (YAML, indented as list items under `workflows:`). */
    static ObjectNode appWithWorkflows(String workflowsYaml) {
        String text = """
                apiVersion: plinth.dev/v1
                kind: App
                metadata: {name: demo}
                spec:
                  connectors:
                    api: {type: http, baseUrl: "https://api.example.com"}
                  workflows:
                """ + workflowsYaml.indent(4);
        return (ObjectNode) yaml(text).document();
    }

    /** Sets the value at {@code pointer} (its parent must exist), adding or replacing it. */
    static ObjectNode set(ObjectNode document, String pointer, Object value) {
        JsonNode node = JsonMapper.shared().valueToTree(value);
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode parent = document.at(parentPointer);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), node);
        }
        else {
            ((ObjectNode) parent).set(last, node);
        }
        return document;
    }

    static ObjectNode remove(ObjectNode document, String pointer) {
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode parent = document.at(parentPointer);
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        }
        else {
            ((ObjectNode) parent).remove(last);
        }
        return document;
    }

    /** Validates a fixture for the app it was written for: `demo` snippets or the example. */
    static List<DefinitionProblem> validate(JsonNode document) {
        return VALIDATOR.validate(document, "demo".equals(document.at("/metadata/name").asString(""))
                ? "demo" : "support-assistant");
    }

    static List<String> pointers(List<DefinitionProblem> problems) {
        return problems.stream().map(DefinitionProblem::pointer).toList();
    }

}
