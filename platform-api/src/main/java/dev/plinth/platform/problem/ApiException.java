package dev.plinth.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on. Thrown anywhere in request handling; turned into an RFC 9457
 * problem by {@link ApiExceptionHandler}.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<InputError> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public ApiException(ProblemType type, String detail, List<InputError> errors) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String what) {
        return new ApiException(ProblemType.NOT_FOUND, what + " not found");
    }

    public static ApiException invalid(String pointer, String message, String hint) {
        return new ApiException(ProblemType.VALIDATION_FAILED, message, List.of(InputError.of(pointer, message, hint)));
    }

    /** Adds an extension member to the problem body. */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public ProblemType type() {
        return type;
    }

    public List<InputError> errors() {
        return errors;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
