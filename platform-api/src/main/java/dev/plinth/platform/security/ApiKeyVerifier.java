package dev.plinth.platform.security;

import java.util.Optional;

/** Resolves a presented API key to its principal; empty when the key is unknown, revoked or expired. */
public interface ApiKeyVerifier {

    Optional<ApiPrincipal> verify(String presentedKey);
}
