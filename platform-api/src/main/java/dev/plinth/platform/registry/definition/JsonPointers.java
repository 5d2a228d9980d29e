package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** RFC 6901 JSON pointer helpers, shared by problems, diffs and the line index. */
final class JsonPointers {

    /**
     * Orders pointers segment by segment, numerically where both segments are array indexes, so
     * {@code /steps/2} sorts before {@code /steps/10} and a parent before its children.
     */
    static final Comparator<String> DOCUMENT_ORDER = JsonPointers::compare;

    private JsonPointers() {
    }

    static String append(String base, String property) {
        return base + "/" + property.replace("~", "~0").replace("/", "~1");
    }

    static String append(String base, int index) {
        return base + "/" + index;
    }

    /** The pointer of the enclosing value, or {@code null} for the root. */
    static String parent(String pointer) {
        if (pointer.isEmpty()) {
            return null;
        }
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    static List<String> segments(String pointer) {
        List<String> segments = new ArrayList<>();
        if (pointer.isEmpty()) {
            return segments;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            segments.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    private static int compare(String left, String right) {
        List<String> a = segments(left);
        List<String> b = segments(right);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = compareSegment(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareSegment(String a, String b) {
        if (isIndex(a) && isIndex(b)) {
            int order = Integer.compare(a.length(), b.length());
            return order != 0 ? order : a.compareTo(b);
        }
        return a.compareTo(b);
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
    }

}
