package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.plinth.orchestrator.StepExecutor;

import tools.jackson.databind.JsonNode;

/**
 * Validates an app definition against the published JSON Schema and the semantic rules a schema
 * cannot express, and returns every problem at once, deduplicated and sorted by pointer. Semantic
 * rules run even when the schema fails, as far as the definition's shape allows. Thread-safe;
 * build one and share it (loading the schema is the expensive part).
 */
public final class DefinitionValidator {

    /** The {@code $id} of the app-definition schema this validator enforces. */
    public static final String SCHEMA_ID = "https://plinth.dev/schemas/app-definition/v1.json";

    /** Classpath location of that schema, for publishing it as-is. */
    public static final String SCHEMA_RESOURCE = "schema/app-definition.schema.json";

    private static final Comparator<DefinitionProblem> ORDER = Comparator
        .comparing(DefinitionProblem::pointer, JsonPointers.DOCUMENT_ORDER)
        .thenComparing(DefinitionProblem::message);

    private final SchemaCheck schema = SchemaCheck.load();

    private final List<SemanticRule> rules;

    /**
     * A validator for an installation with these connector executors: each declared connector's type
     * must be one of theirs, and its settings pass that executor's {@link StepExecutor#validate}.
     */
    public DefinitionValidator(List<StepExecutor> executors) {
        this.rules = List.of(new AppNameRule(), new UniqueNamesRule(), new ReferenceRule(),
                new SubWorkflowCycleRule(), new JumpCycleRule(), new InlinedSecretRule(), new ExpressionRule(),
                new ScheduleRule(), new ConnectorTypeRule(executors), new WebhookSignatureRule());
    }

    /** Problems with a parsed definition, with source lines filled in. Empty when it is valid. */
    public List<DefinitionProblem> validate(ParsedDefinition definition, String expectedAppName) {
        return validate(definition.document(), expectedAppName, definition::lineOf);
    }

    /**
     * Problems with a definition tree, without source lines. Empty when it is valid.
     *
     * @param expectedAppName the app it is submitted to, which {@code metadata.name} must equal;
     * {@code null} skips that check
     */
    public List<DefinitionProblem> validate(JsonNode document, String expectedAppName) {
        return validate(document, expectedAppName, pointer -> null);
    }

    private List<DefinitionProblem> validate(JsonNode document, String expectedAppName,
            Function<String, Integer> lines) {
        Objects.requireNonNull(document, "document");
        List<DefinitionProblem> found = new ArrayList<>(this.schema.check(document));
        SemanticRule.Submission submission = new SemanticRule.Submission(DefinitionOutline.of(document),
                expectedAppName);
        this.rules.forEach(rule -> rule.check(submission, found));
        Map<String, DefinitionProblem> distinct = new LinkedHashMap<>();
        for (DefinitionProblem problem : found) {
            distinct.putIfAbsent(problem.pointer() + "\u0000" + problem.message(),
                    problem.withLine(lines.apply(problem.pointer())));
        }
        return distinct.values().stream().sorted(ORDER).toList();
    }

}
