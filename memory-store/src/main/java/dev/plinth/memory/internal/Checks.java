package dev.plinth.memory.internal;

import dev.plinth.memory.MemoryException;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

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

    /**
     * Text PostgreSQL can store: it refuses the NUL character (U+0000) in {@code text} and
     * {@code jsonb} values, which JSON allows ({@code "\u0000"}), so a client sending one gets this
     * 422 rather than the database's error.
     */
    static String storable(String text, String pointer) {
        if (text != null && text.indexOf('\0') >= 0) {
            throw MemoryException.invalid(pointer, "text must not contain the NUL character (U+0000)",
                    "remove it or replace it with a visible character");
        }
        return text;
    }

    /** {@link #storable(String, String)} for every string and member name of a JSON document. */
    static JsonNode storable(JsonNode json, String pointer) {
        if (json == null) {
            return null;
        }
        if (json.isString()) {
            storable(json.stringValue(), pointer);
        } else if (json.isObject()) {
            for (Map.Entry<String, JsonNode> member : json.properties()) {
                String at = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
                storable(member.getKey(), at);
                storable(member.getValue(), at);
            }
        } else if (json.isArray()) {
            for (int i = 0; i < json.size(); i++) {
                storable(json.get(i), pointer + "/" + i);
            }
        }
        return json;
    }

    static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw MemoryException.invalid("/limit", "limit must be between 1 and " + max, null);
        }
        return limit;
    }
}
