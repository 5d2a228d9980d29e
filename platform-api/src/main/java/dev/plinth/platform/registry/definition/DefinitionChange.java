package dev.plinth.platform.registry.definition;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.databind.JsonNode;

/**
 * One difference between two definitions.
 *
 * @param op what happened at {@code path}
 * @param path JSON pointer; into the newer definition for {@code added} and {@code changed}, into
 * the older one for {@code removed}
 * @param from the old value ({@code null} when added)
 * @param to the new value ({@code null} when removed)
 */
public record DefinitionChange(Op op, String path, JsonNode from, JsonNode to) {

    /** Kind of change; serialized in lower case. */
    public enum Op {

        ADDED, REMOVED, CHANGED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

    }

}
