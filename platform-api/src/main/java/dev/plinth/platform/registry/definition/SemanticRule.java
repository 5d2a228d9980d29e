package dev.plinth.platform.registry.definition;

import java.util.List;

/**
 * A check a JSON Schema cannot express (uniqueness, references, cycles, secrets). Rules run even
 * when the schema failed, so each must tolerate any shape: the {@link DefinitionOutline} already
 * leaves out what is malformed.
 */
interface SemanticRule {

    void check(Submission submission, List<DefinitionProblem> problems);

    /**
     * What is being validated.
     *
     * @param outline the definition, outlined
     * @param expectedAppName the app the definition is submitted to, or {@code null} if unknown
     */
    record Submission(DefinitionOutline outline, String expectedAppName) {
    }

}
