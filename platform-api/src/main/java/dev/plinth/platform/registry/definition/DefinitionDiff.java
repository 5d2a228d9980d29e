package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.plinth.platform.registry.definition.DefinitionChange.Op;
import tools.jackson.databind.JsonNode;

/**
 * Structural diff between two definitions (typically two revisions of one app). Arrays whose
 * elements are all objects carrying a unique {@code name} (or else {@code id}) are matched by
 * that key, so inserting a step is one {@code added} rather than every later step
 * {@code changed}; a keyed element that moved shows as removed at its old index and added at
 * its new one, since order matters (steps fall through to the next). Other arrays are compared
 * by index. Numbers compare by value, as in {@link CanonicalJson}.
 */
public final class DefinitionDiff {

    private static final List<String> KEYS = List.of("name", "id");

    private DefinitionDiff() {
    }

    /** The changes that turn {@code from} into {@code to}, in document order; empty if equal. */
    public static List<DefinitionChange> between(JsonNode from, JsonNode to) {
        List<DefinitionChange> changes = new ArrayList<>();
        diff(from, to, "", "", changes);
        return changes;
    }

    private static void diff(JsonNode from, JsonNode to, String oldPath, String newPath, List<DefinitionChange> out) {
        if (from.isObject() && to.isObject()) {
            diffObjects(from, to, oldPath, newPath, out);
        }
        else if (from.isArray() && to.isArray()) {
            String key = commonKey(from, to);
            if (key != null) {
                diffKeyed(from, to, key, oldPath, newPath, out);
            }
            else {
                diffByIndex(from, to, oldPath, newPath, out);
            }
        }
        else if (!sameScalar(from, to)) {
            out.add(new DefinitionChange(Op.CHANGED, newPath, from, to));
        }
    }

    private static void diffObjects(JsonNode from, JsonNode to, String oldPath, String newPath,
            List<DefinitionChange> out) {
        for (String name : from.propertyNames()) {
            if (to.has(name)) {
                diff(from.get(name), to.get(name), JsonPointers.append(oldPath, name),
                        JsonPointers.append(newPath, name), out);
            }
            else {
                out.add(new DefinitionChange(Op.REMOVED, JsonPointers.append(oldPath, name), from.get(name), null));
            }
        }
        for (String name : to.propertyNames()) {
            if (!from.has(name)) {
                out.add(new DefinitionChange(Op.ADDED, JsonPointers.append(newPath, name), null, to.get(name)));
            }
        }
    }

    private static void diffByIndex(JsonNode from, JsonNode to, String oldPath, String newPath,
            List<DefinitionChange> out) {
        int common = Math.min(from.size(), to.size());
        for (int i = 0; i < common; i++) {
            diff(from.get(i), to.get(i), JsonPointers.append(oldPath, i), JsonPointers.append(newPath, i), out);
        }
        for (int i = common; i < to.size(); i++) {
            out.add(new DefinitionChange(Op.ADDED, JsonPointers.append(newPath, i), null, to.get(i)));
        }
        for (int i = common; i < from.size(); i++) {
            out.add(new DefinitionChange(Op.REMOVED, JsonPointers.append(oldPath, i), from.get(i), null));
        }
    }

    /** Walks a longest common subsequence of the two key sequences: kept elements are diffed. */
    private static void diffKeyed(JsonNode from, JsonNode to, String key, String oldPath, String newPath,
            List<DefinitionChange> out) {
        int n = from.size();
        int m = to.size();
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = sameKey(from.get(i), to.get(j), key) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && sameKey(from.get(i), to.get(j), key)) {
                diff(from.get(i), to.get(j), JsonPointers.append(oldPath, i), JsonPointers.append(newPath, j), out);
                i++;
                j++;
            }
            else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
                out.add(new DefinitionChange(Op.ADDED, JsonPointers.append(newPath, j), null, to.get(j)));
                j++;
            }
            else {
                out.add(new DefinitionChange(Op.REMOVED, JsonPointers.append(oldPath, i), from.get(i), null));
                i++;
            }
        }
    }

    /** {@code name} or {@code id} if every element of both arrays has a unique string value for it. */
    private static String commonKey(JsonNode from, JsonNode to) {
        return KEYS.stream().filter(key -> keyedBy(from, key) && keyedBy(to, key)).findFirst().orElse(null);
    }

    private static boolean keyedBy(JsonNode array, String key) {
        Set<String> seen = new HashSet<>();
        for (JsonNode element : array) {
            if (!element.path(key).isString() || !seen.add(element.path(key).asString())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameKey(JsonNode a, JsonNode b, String key) {
        return a.path(key).asString().equals(b.path(key).asString());
    }

    private static boolean sameScalar(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return CanonicalJson.number(a).equals(CanonicalJson.number(b));
        }
        return a.equals(b);
    }

}
