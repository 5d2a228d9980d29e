package dev.plinth.deploy;

/**
 * A deployment request the caller must change; {@link #kind()} says how the API reports it and
 * {@link #pointer()} which field of the request is at fault, when one is.
 */
public class DeploymentException extends RuntimeException {

    /** How the failure is reported to API clients. */
    public enum Kind { NOT_FOUND, INVALID, FORBIDDEN, CONFLICT }

    private final Kind kind;
    private final String pointer;

    public DeploymentException(Kind kind, String message, String pointer) {
        super(message, null, false, false);
        this.kind = kind;
        this.pointer = pointer;
    }

    public Kind kind() {
        return kind;
    }

    /** JSON pointer of the request field at fault, or {@code null}. */
    public String pointer() {
        return pointer;
    }
}
