package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import java.util.regex.Pattern;

/** Input rules shared by the memory operations; each failure names the field at fault. */
final class Checks {

    // Ids are chosen by apps and opaque to Plinth; they only must be printable and bounded.
    private static final Pattern ID = Pattern.compile("[^\\p{Cntrl}/\\\\]{1,256}");

    private Checks() {
    }

    static String userId(String userId) {
        if (userId == null || !ID.matcher(userId).matches()) {
            throw MemoryException.invalid("/userId", "user id must be 1-256 printable characters other than / and \\", null);
        }
        return userId;
    }

    static String sessionId(String sessionId) {
        if (sessionId == null || !ID.matcher(sessionId).matches()) {
            throw MemoryException.invalid("/sessionId", "session id must be 1-256 printable characters other than / and \\", null);
        }
        return sessionId;
    }

    static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw MemoryException.invalid("/limit", "limit must be between 1 and " + max, null);
        }
        return limit;
    }
}
