package dev.plinth.platform.registry.definition;

/**
 * One thing wrong with an app definition, precise enough for an AI tool to fix it unaided.
 *
 * @param pointer JSON pointer (RFC 6901) to the offending value, or to where a missing property
 * belongs, e.g. {@code /spec/workflows/0/steps/2/type}
 * @param message what is wrong, never quoting a secret
 * @param hint how to fix it: allowed values, the expected format, a likely intended name
 * @param line 1-based source line of the value (or its nearest enclosing value); {@code null}
 * when the definition was not parsed from text
 */
public record DefinitionProblem(String pointer, String message, String hint, Integer line) {

    public DefinitionProblem withLine(Integer line) {
        return new DefinitionProblem(this.pointer, this.message, this.hint, line);
    }

}
