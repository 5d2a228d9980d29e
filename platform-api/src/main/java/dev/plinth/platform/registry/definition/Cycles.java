package dev.plinth.platform.registry.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds cycles in a small directed graph: Tarjan's strongly connected components, iterative so
 * that a definition with thousands of chained steps cannot overflow the stack.
 */
final class Cycles {

    private Cycles() {
    }

    /**
     * The groups of nodes that can reach each other (components of two or more nodes, or a node
     * with an edge to itself), each ordered and the list sorted by position in {@code nodes}.
     */
    static List<List<String>> find(List<String> nodes, Map<String, List<String>> edges) {
        Map<String, Integer> position = new HashMap<>();
        nodes.forEach(node -> position.putIfAbsent(node, position.size()));
        Search search = new Search(position, edges);
        for (String node : position.keySet()) {
            search.from(node);
        }
        Comparator<String> byPosition = Comparator.comparing(position::get);
        search.cycles.forEach(cycle -> cycle.sort(byPosition));
        search.cycles.sort(Comparator.comparing(cycle -> position.get(cycle.get(0))));
        return search.cycles;
    }

    private static final class Search {

        private final Map<String, Integer> position;

        private final Map<String, List<String>> edges;

        private final Map<String, Integer> index = new HashMap<>();

        private final Map<String, Integer> low = new HashMap<>();

        private final Deque<String> stack = new ArrayDeque<>();

        private final Set<String> onStack = new HashSet<>();

        private final List<List<String>> cycles = new ArrayList<>();

        Search(Map<String, Integer> position, Map<String, List<String>> edges) {
            this.position = position;
            this.edges = edges;
        }

        void from(String start) {
            if (this.index.containsKey(start)) {
                return;
            }
            Deque<Map.Entry<String, Iterator<String>>> work = new ArrayDeque<>();
            work.push(visit(start));
            while (!work.isEmpty()) {
                String node = work.peek().getKey();
                Iterator<String> successors = work.peek().getValue();
                if (successors.hasNext()) {
                    String next = successors.next();
                    if (!this.index.containsKey(next)) {
                        work.push(visit(next));
                    }
                    else if (this.onStack.contains(next)) {
                        this.low.merge(node, this.index.get(next), Math::min);
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    this.low.merge(work.peek().getKey(), this.low.get(node), Math::min);
                }
                if (this.low.get(node).equals(this.index.get(node))) {
                    collect(node);
                }
            }
        }

        private Map.Entry<String, Iterator<String>> visit(String node) {
            this.index.put(node, this.index.size());
            this.low.put(node, this.index.get(node));
            this.stack.push(node);
            this.onStack.add(node);
            List<String> known = successors(node).stream().filter(this.position::containsKey).toList();
            return Map.entry(node, known.iterator());
        }

        private void collect(String root) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = this.stack.pop();
                this.onStack.remove(member);
                component.add(member);
            }
            while (!member.equals(root));
            if (component.size() > 1 || successors(root).contains(root)) {
                this.cycles.add(component);
            }
        }

        private List<String> successors(String node) {
            return this.edges.getOrDefault(node, List.of());
        }

    }

}
