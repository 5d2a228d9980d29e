package dev.plinth.orchestrator;

import java.util.List;

/** A workflow request the caller must change; {@link #kind()} says how the API reports it. */
public class WorkflowException extends RuntimeException {

    /** How the failure is reported to API clients. */
    public enum Kind { NOT_FOUND, INVALID, CONFLICT, FORBIDDEN }

    /** One thing wrong, located by a JSON pointer into the document it concerns. */
    public record Problem(String pointer, String message) {
    }

    private final Kind kind;
    private final List<Problem> problems;

    public WorkflowException(Kind kind, String message, String pointer) {
        this(kind, message, pointer == null ? List.of() : List.of(new Problem(pointer, message)));
    }

    public WorkflowException(Kind kind, String message, List<Problem> problems) {
        super(message, null, false, false);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public Kind kind() {
        return kind;
    }

    public List<Problem> problems() {
        return problems;
    }
}
