package dev.plinth.platform.web;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;
import java.util.Arrays;

/** Strong entity tags for versioned resources, and the {@code If-Match} check (RFC 9110 §13.1.1). */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * Refuses with 412 when an {@code If-Match} header is present and names none of the current tag;
     * an absent header means the client accepts any version.
     */
    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        String current = of(currentVersion);
        boolean matches = Arrays.stream(ifMatch.split(","))
                .map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(current));
        if (!matches) {
            throw new ApiException(ProblemType.PRECONDITION_FAILED,
                    "If-Match " + ifMatch + " does not match the current ETag " + current
                            + "; the resource changed since you read it")
                    .with("currentETag", current);
        }
    }
}
