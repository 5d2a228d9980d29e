package dev.plinth.platform.console;

import dev.plinth.platform.security.Role;
import java.time.Instant;
import java.util.UUID;

/** A person who signs in to the web console of one tenant. The password hash never leaves the store. */
record ConsoleUser(UUID id, UUID tenantId, String email, Role role, int failedAttempts, Instant lockedUntil,
        Instant disabledAt, Instant createdAt, String createdBy, Instant lastSignInAt) {

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
