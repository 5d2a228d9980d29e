package dev.plinth.platform.security;

import java.util.Optional;
import java.util.UUID;

/** Resolves a signed-in console user to its principal; empty when the user is disabled or gone. */
public interface ConsoleUserVerifier {

    Optional<ApiPrincipal> verify(UUID consoleUserId);
}
