package dev.plinth.connectors;

/**
 * A secrets request the caller must change. {@link #pointer()} names the offending field. The
 * message never contains a secret value.
 */
public class SecretException extends RuntimeException {

    /** How the failure is reported to API clients. */
    public enum Kind { NOT_FOUND, INVALID }

    private final Kind kind;
    private final String pointer;
    private final String hint;

    public SecretException(Kind kind, String message, String pointer, String hint) {
        super(message, null, false, false);
        this.kind = kind;
        this.pointer = pointer;
        this.hint = hint;
    }

    public static SecretException notFound(String name) {
        return new SecretException(Kind.NOT_FOUND, "Secret '" + name + "' not found", null, null);
    }

    public static SecretException invalid(String pointer, String message, String hint) {
        return new SecretException(Kind.INVALID, message, pointer, hint);
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
