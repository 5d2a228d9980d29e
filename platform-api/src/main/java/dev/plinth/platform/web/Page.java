package dev.plinth.platform.web;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Window;

/**
 * One page of a list: its items and, when more exist, the cursor to pass as {@code cursor} for the
 * next page.
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** The same page with each item converted, e.g. from an entity to its API view. */
    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }

    public static <E, T> Page<T> of(Window<E> window, Function<E, T> mapper) {
        List<T> items = window.getContent().stream().map(mapper).toList();
        String next = window.hasNext() && !window.isEmpty()
                ? PageRequest.encode(window.positionAt(window.size() - 1)) : null;
        return new Page<>(items, next);
    }
}
