package dev.plinth.connectors;

import java.time.Instant;

/**
 * What may be said about a secret: everything except its value.
 *
 * @param environment the environment it applies to, {@code null} for all
 * @param version     the current version, 1 for the first value and one more per update
 */
public record SecretInfo(String name, String environment, int version, Instant createdAt, Instant updatedAt) {
}
