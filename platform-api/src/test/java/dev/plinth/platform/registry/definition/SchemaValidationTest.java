package dev.plinth.platform.registry.definition;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static dev.plinth.platform.registry.definition.Definitions.example;
import static dev.plinth.platform.registry.definition.Definitions.pointers;
import static dev.plinth.platform.registry.definition.Definitions.remove;
import static dev.plinth.platform.registry.definition.Definitions.set;
import static dev.plinth.platform.registry.definition.Definitions.validate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class SchemaValidationTest {

    @Test
    void exampleIsValid() {
        ParsedDefinition example = Definitions.PARSER.parse(Definitions.exampleBytes(), DefinitionFormat.YAML);

        assertThat(Definitions.VALIDATOR.validate(example, "support-assistant")).isEmpty();
    }

    @Test
    void unknownPropertyGetsDidYouMean() {
        ObjectNode definition = example();
        definition.withObject("/spec").set("workflow", definition.at("/spec/workflows"));
        remove(definition, "/spec/workflows");

        List<DefinitionProblem> problems = validate(definition);

        // the references to workflows that are now undeclared are reported too
        assertThat(problems).filteredOn(problem -> problem.pointer().equals("/spec/workflow")).singleElement().satisfies(problem -> {
            assertThat(problem.message()).isEqualTo("unknown property `workflow`");
            assertThat(problem.hint()).isEqualTo("did you mean `workflows`?");
        });
    }

    @Test
    void unknownPropertyWithoutCloseMatchListsAllowedOnes() {
        List<DefinitionProblem> problems = validate(set(example(), "/metadata/owner", "me"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/metadata/owner");
            assertThat(problem.hint()).isEqualTo("remove it; allowed here: `name`, `description`, `labels`");
        });
    }

    @Test
    void enumValueGetsAllowedValuesAndSuggestion() {
        List<DefinitionProblem> problems = validate(set(example(), "/spec/workflows/0/steps/1/type", "cal"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/spec/workflows/0/steps/1/type");
            assertThat(problem.message()).isEqualTo("`cal` is not an allowed value");
            assertThat(problem.hint()).startsWith("did you mean `call`? allowed values: `call`, `transform`")
                .contains("`succeed`");
        });
    }

    @Test
    void envelopeConstantsAreEnforced() {
        List<DefinitionProblem> problems = validate(set(set(example(), "/apiVersion", "plinth.dev/v2"), "/kind", "Application"));

        assertThat(problems).extracting(DefinitionProblem::pointer, DefinitionProblem::message, DefinitionProblem::hint)
            .containsExactly(
                    tuple("/apiVersion", "must be `plinth.dev/v1`", "set it to `plinth.dev/v1`"),
                    tuple("/kind", "must be `App`", "set it to `App`"));
    }

    @Test
    void appNameMustBeADnsLabel() {
        List<DefinitionProblem> problems = Definitions.VALIDATOR.validate(set(example(), "/metadata/name", "Support_Assistant"),
                "Support_Assistant");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/metadata/name");
            assertThat(problem.message()).isEqualTo("does not have the expected format");
            assertThat(problem.hint()).contains("lowercase letters, digits and hyphens").contains("pattern: `^[a-z0-9]");
        });
    }

    @Test
    void missingRequiredPropertyPointsWhereItBelongsAndSpotsTheTypo() {
        ObjectNode definition = example();
        ObjectNode trigger = (ObjectNode) definition.at("/spec/triggers/1");
        trigger.set("workfow", trigger.remove("workflow"));
        trigger.remove("cron");

        List<DefinitionProblem> problems = validate(definition);

        assertThat(pointers(problems)).containsExactly("/spec/triggers/1/cron", "/spec/triggers/1/workflow");
        assertThat(problems.get(0).message()).isEqualTo("missing required property `cron`");
        assertThat(problems.get(0).hint()).startsWith("add `cron`; Schedule only (required there)");
        assertThat(problems.get(1).hint()).startsWith("found `workfow`: did you mean `workflow`? add `workflow`");
    }

    @Test
    void typeSpecificRequiredProperties() {
        ObjectNode definition = example();
        remove(definition, "/spec/workflows/1/steps/1/do");
        remove(definition, "/spec/workflows/0/steps/4/cases");

        assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/0/steps/4/cases",
                "/spec/workflows/1/steps/1/do");
    }

    @Test
    void stepNeedsIdAndType() {
        ObjectNode definition = example();
        remove(definition, "/spec/workflows/1/steps/0/id");
        remove(definition, "/spec/workflows/1/steps/0/type");

        assertThat(pointers(validate(definition))).containsExactly("/spec/workflows/1/steps/0/id",
                "/spec/workflows/1/steps/0/type");
    }

    @Test
    void retryPolicyAndDurationsAreChecked() {
        ObjectNode definition = example();
        set(definition, "/spec/workflows/0/steps/1/retry", Map.of("maxAttempts", 0, "backoff", "linear",
                "retryOn", List.of("timeout", "rate-limit"), "initialDelay", "5s"));

        List<DefinitionProblem> problems = validate(definition);

        assertThat(pointers(problems)).containsExactly("/spec/workflows/0/steps/1/retry/backoff",
                "/spec/workflows/0/steps/1/retry/initialDelay", "/spec/workflows/0/steps/1/retry/maxAttempts",
                "/spec/workflows/0/steps/1/retry/retryOn/1");
        assertThat(problems.get(1).hint()).contains("ISO-8601 duration").contains("PT30S");
        assertThat(problems.get(3).hint()).startsWith("did you mean `rate-limited`?");
    }

    @Test
    void onFailureOfTheWrongFormIsOneProblem() {
        List<DefinitionProblem> problems = validate(set(example(), "/spec/workflows/0/steps/6/onFailure", "retry"));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/spec/workflows/0/steps/6/onFailure");
            assertThat(problem.message()).isEqualTo("does not match any of the allowed forms");
            assertThat(problem.hint()).contains("`fail`").contains("`continue`").contains("`{goto: <step id>}`");
        });
    }

    @Test
    void onFailureObjectKeepsOnlyTheObjectBranchErrors() {
        List<DefinitionProblem> problems = validate(set(example(), "/spec/workflows/0/steps/6/onFailure",
                Map.of("got", "escalate")));

        assertThat(problems).extracting(DefinitionProblem::pointer, DefinitionProblem::message)
            .containsExactly(
                    tuple("/spec/workflows/0/steps/6/onFailure/got",
                            "unknown property `got`"),
                    tuple("/spec/workflows/0/steps/6/onFailure/goto",
                            "missing required property `goto`"));
        assertThat(problems.get(0).hint()).isEqualTo("did you mean `goto`?");
    }

    @Test
    void reservedStepIdIsRejected() {
        ObjectNode definition = example();
        set(definition, "/spec/workflows/1/steps/2/id", "end");

        assertThat(validate(definition)).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/spec/workflows/1/steps/2/id");
            assertThat(problem.message()).isEqualTo("`end` is not allowed here");
            assertThat(problem.hint()).contains("`end` is reserved");
        });
    }

    @Test
    void connectorTypeAndNamesAreChecked() {
        ObjectNode definition = example();
        set(definition, "/spec/connectors/replies/type", "ftp");
        set(definition, "/spec/connectors/Bad_Name", Map.of("type", "http"));

        List<DefinitionProblem> problems = validate(definition);

        assertThat(pointers(problems)).containsExactly("/spec/connectors/Bad_Name", "/spec/connectors/replies/type");
        assertThat(problems.get(0).message()).isEqualTo("`Bad_Name` is not a valid name here");
        assertThat(problems.get(0).hint()).startsWith("A name or id: 1 to 63 lowercase letters, digits and hyphens");
        assertThat(problems.get(1).message()).isEqualTo("unknown connector type `ftp`");
        assertThat(problems.get(1).hint()).contains("connector types in this installation: `echo`, `http`, `kafka`, `llm`, `noop`, `sql`");
    }

    @Test
    void severalMistakesAreAllReportedSortedWithLines() {
        String text = new String(Definitions.exampleBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .replace("apiVersion: plinth.dev/v1", "apiVersion: plinth.dev/v0")
            .replace("type: sql", "type: mysql")
            .replace("connector: orders-db", "connector: order-db")
            .replace("timeout: PT3S", "timeout: 3 seconds")
            .replace("- id: learn", "- id: context")
            .replace("password: ${secret:orders-db-password}", "password: hunter2");
        ParsedDefinition definition = Definitions.yaml(text);

        List<DefinitionProblem> problems = Definitions.VALIDATOR.validate(definition, "support-assistant");

        assertThat(problems).extracting(DefinitionProblem::pointer).containsExactly(
                "/apiVersion",
                "/spec/connectors/orders-db/password",
                "/spec/connectors/orders-db/type",
                "/spec/workflows/0/steps/1/connector",
                "/spec/workflows/0/steps/1/timeout",
                "/spec/workflows/0/steps/8/id");
        assertThat(problems).allSatisfy(problem -> assertThat(problem.line()).isNotNull());
        assertThat(problems.get(0).line()).isEqualTo(5);
        assertThat(problems).noneSatisfy(problem -> assertThat(problem.message() + problem.hint()).contains("hunter2"));
    }

    @Test
    void problemsWithoutParsedSourceHaveNoLine() {
        assertThat(validate(set(example(), "/kind", "Job"))).singleElement()
            .satisfies(problem -> assertThat(problem.line()).isNull());
    }

    @Test
    void nonObjectDocumentIsReportedNotThrown() {
        ObjectNode definition = example();
        set(definition, "/spec/workflows", "not a list");
        set(definition, "/spec/triggers", Map.of("name", "x"));
        set(definition, "/spec/environments", List.of(1, 2));
        set(definition, "/spec/connectors", "none");

        List<DefinitionProblem> problems = validate(definition);

        assertThat(pointers(problems)).containsExactly("/spec/connectors", "/spec/environments", "/spec/triggers",
                "/spec/workflows");
        assertThat(problems.get(3).message()).isEqualTo("expected array, found string");
    }

    @Test
    void stepsOfTheWrongShapeDoNotCrashSemanticRules() {
        ObjectNode definition = example();
        set(definition, "/spec/workflows/0/steps/0", "just text");
        set(definition, "/spec/workflows/0/steps/1/next", 42);
        set(definition, "/spec/workflows/0/steps/4/cases", Map.of("when", "x"));
        set(definition, "/spec/workflows/1/steps/1/do", Map.of("id", "x"));
        set(definition, "/spec/environments/prod/smokeTest", List.of("handle-email"));

        assertThat(pointers(validate(definition))).containsExactly("/spec/environments/prod/smokeTest",
                "/spec/workflows/0/steps/0", "/spec/workflows/0/steps/1/next", "/spec/workflows/0/steps/4/cases",
                "/spec/workflows/1/steps/1/do");
    }

}
