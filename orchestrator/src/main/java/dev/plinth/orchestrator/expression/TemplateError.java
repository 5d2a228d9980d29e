package dev.plinth.orchestrator.expression;

/**
 * A problem found in a template by {@link Templates#check}.
 *
 * @param pointer JSON pointer (RFC 6901) of the offending string within the template
 * @param message what is wrong, with the expression and the column inside it
 */
public record TemplateError(String pointer, String message) {

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(root)" : pointer) + ": " + message;
    }
}
