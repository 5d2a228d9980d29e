package dev.plinth.memory;

import java.util.List;

/**
 * Messages of a session in ascending order, with the cursors to page both ways: pass
 * {@code nextAfter} as {@code after} for later messages, {@code previousBefore} as {@code before}
 * for earlier ones. Each is null when there is nothing more in that direction.
 */
public record MessagePage(List<Message> items, Integer nextAfter, Integer previousBefore) {
}
