package dev.plinth.platform.registry.definition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.networknt.schema.Error;

/**
 * Collapses the noise of {@code anyOf}/{@code oneOf}: when no branch matches, the validator
 * reports every branch's errors, most of which describe forms the author never meant. If some
 * branch matches the value's shape (no type, enum or const failure on the value itself), only
 * that branch's errors are kept — the author clearly meant that form. Otherwise the group
 * becomes one {@link Mismatch} that lists the allowed forms. Only the outermost composite on an
 * error's evaluation path is considered; the app-definition schema does not nest them.
 */
final class CompositeErrors {

    private static final Set<String> SHAPE_KEYWORDS = Set.of("type", "enum", "const");

    private CompositeErrors() {
    }

    /** No branch of the composite at {@code evaluationPath} fits the value at {@code pointer}. */
    record Mismatch(String pointer, List<Object> evaluationPath) {
    }

    record Collapsed(List<Error> errors, List<Mismatch> mismatches) {
    }

    static Collapsed collapse(List<Error> errors) {
        List<Error> kept = new ArrayList<>();
        List<Mismatch> mismatches = new ArrayList<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Error error : errors) {
            Group.Member member = Group.memberOf(error);
            if (member == null) {
                kept.add(error);
            }
            else {
                groups.computeIfAbsent(member.key(), key -> new Group(member)).add(member);
            }
        }
        for (Group group : groups.values()) {
            group.resolve(kept, mismatches);
        }
        return new Collapsed(kept, mismatches);
    }

    /** The errors one composite produced for one value, by branch. */
    private static final class Group {

        private final String pointer;

        private final List<Object> compositePath;

        private final List<Error> own = new ArrayList<>();

        private final Map<Integer, List<Error>> branches = new TreeMap<>();

        Group(Member first) {
            this.pointer = first.pointer();
            this.compositePath = first.compositePath();
        }

        void add(Member member) {
            if (member.branch() == null) {
                this.own.add(member.error());
            }
            else {
                this.branches.computeIfAbsent(member.branch(), index -> new ArrayList<>()).add(member.error());
            }
        }

        void resolve(List<Error> kept, List<Mismatch> mismatches) {
            if (this.branches.isEmpty()) {
                // e.g. oneOf matched more than once: the composite's own error says it all
                kept.addAll(this.own);
                return;
            }
            this.branches.values().stream()
                .filter(this::fitsShape)
                .min(Comparator.comparingInt(List::size))
                .ifPresentOrElse(kept::addAll, () -> mismatches.add(new Mismatch(this.pointer, this.compositePath)));
        }

        private boolean fitsShape(List<Error> branchErrors) {
            return branchErrors.stream().noneMatch(error -> SHAPE_KEYWORDS.contains(String.valueOf(error.getKeyword()))
                    && ValidatorPaths.pointer(error.getInstanceLocation()).equals(this.pointer));
        }

        record Member(String key, String pointer, List<Object> compositePath, Integer branch, Error error) {
        }

        /** Where {@code error} sits relative to the outermost composite on its path, if any. */
        static Member memberOf(Error error) {
            List<Object> path = SchemaDescriptions.elements(error.getEvaluationPath());
            for (int i = 0; i < path.size(); i++) {
                Object element = path.get(i);
                if (!"anyOf".equals(element) && !"oneOf".equals(element)) {
                    continue;
                }
                List<Object> compositePath = List.copyOf(path.subList(0, i + 1));
                boolean own = (i == path.size() - 1);
                Integer branch = own ? null : Integer.valueOf(String.valueOf(path.get(i + 1)));
                int depthBelow = own ? 0 : ValidatorPaths.instanceDepth(path.subList(i + 2, path.size() - 1));
                String pointer = ValidatorPaths.ancestor(error.getInstanceLocation(), depthBelow);
                return new Member(compositePath + "@" + pointer, pointer, compositePath, branch, error);
            }
            return null;
        }

    }

}
