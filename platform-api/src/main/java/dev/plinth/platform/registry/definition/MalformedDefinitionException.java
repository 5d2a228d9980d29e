package dev.plinth.platform.registry.definition;

/**
 * The submitted bytes are not a single JSON or YAML object that Plinth is willing to read: a
 * syntax error, a duplicate key, an empty document, a non-object top level, or a document over
 * the {@link DefinitionLimits}. Line and column are 1-based and {@code null} when not tied to a
 * position. The message never quotes the document, so it is safe to return to the client.
 */
public class MalformedDefinitionException extends RuntimeException {

    private final Integer line;

    private final Integer column;

    public MalformedDefinitionException(String message, Integer line, Integer column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public Integer line() {
        return this.line;
    }

    public Integer column() {
        return this.column;
    }

}
