package dev.plinth.deploy;

import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The port through which deployments read app revisions; the application implements it over its
 * registry. Revisions are immutable, so a definition read once stays valid.
 */
public interface RevisionSource {

    /** The definition of revision {@code number} of the tenant's app, or empty when there is none. */
    Optional<JsonNode> definition(UUID tenantId, UUID appId, int number);
}
