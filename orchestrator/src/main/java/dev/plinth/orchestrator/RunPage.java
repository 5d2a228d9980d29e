package dev.plinth.orchestrator;

import java.util.List;

/** One page of runs, newest first, with the cursor of the next page ({@code null} on the last). */
public record RunPage(List<RunView> items, String nextCursor) {
}
