package dev.plinth.memory;

/**
 * A memory operation the caller must change before retrying. {@link #kind()} says how the API
 * reports it; {@link #pointer()} names the offending field of the request when there is one.
 */
public class MemoryException extends RuntimeException {

    /** How the failure is reported to API clients. */
    public enum Kind { NOT_FOUND, INVALID, TOO_LARGE, CONFLICT, PRECONDITION_FAILED }

    private final Kind kind;
    private final String pointer;
    private final String hint;

    public MemoryException(Kind kind, String message, String pointer, String hint) {
        super(message, null, false, false);
        this.kind = kind;
        this.pointer = pointer;
        this.hint = hint;
    }

    public static MemoryException notFound(String what) {
        return new MemoryException(Kind.NOT_FOUND, what + " not found", null, null);
    }

    public static MemoryException invalid(String pointer, String message, String hint) {
        return new MemoryException(Kind.INVALID, message, pointer, hint);
    }

    public Kind kind() {
        return kind;
    }

    public String pointer() {
        return pointer;
    }

    public String hint() {
        return hint;
    }
}
