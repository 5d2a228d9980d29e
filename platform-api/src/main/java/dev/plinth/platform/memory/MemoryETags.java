package dev.plinth.platform.memory;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.ProblemType;

/** Memory ETags are quoted numbers (a session's version, a fact's id); If-Match carries one back. */
final class MemoryETags {

    private MemoryETags() {
    }

    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        try {
            return Long.parseLong(tag.replace("\"", ""));
        } catch (NumberFormatException malformed) {
            throw new ApiException(ProblemType.PRECONDITION_FAILED,
                    "If-Match " + ifMatch + " is not an ETag of this resource");
        }
    }
}
