package dev.plinth.platform.problem;

import java.util.List;
import tools.jackson.core.JacksonException;

/** Converts the ways frameworks name a location in a document into RFC 6901 JSON pointers. */
public final class JsonPointers {

    private JsonPointers() {
    }

    /** {@code labels[team]} or {@code items[0].name} (bean property paths) to {@code /labels/team}. */
    public static String fromPropertyPath(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        StringBuilder pointer = new StringBuilder();
        for (String part : path.replace("]", "").split("[.\\[]")) {
            if (!part.isEmpty()) {
                pointer.append('/').append(escape(part));
            }
        }
        return pointer.toString();
    }

    static String fromJacksonPath(List<JacksonException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                pointer.append('/').append(escape(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                pointer.append('/').append(reference.getIndex());
            }
        }
        return pointer.toString();
    }

    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
