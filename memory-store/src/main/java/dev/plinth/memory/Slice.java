package dev.plinth.memory;

import java.util.List;

/** One page of a list, with the opaque cursor of the next page ({@code null} on the last). */
public record Slice<T>(List<T> items, String nextCursor) {
}
