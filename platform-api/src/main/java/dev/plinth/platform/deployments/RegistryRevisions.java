package dev.plinth.platform.deployments;

import dev.plinth.deploy.RevisionSource;
import dev.plinth.platform.registry.AppDirectory;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Deployments read app revisions from the registry. */
@Component
class RegistryRevisions implements RevisionSource {

    private final AppDirectory apps;

    RegistryRevisions(AppDirectory apps) {
        this.apps = apps;
    }

    @Override
    public Optional<JsonNode> definition(UUID tenantId, UUID appId, int number) {
        return apps.definition(tenantId, appId, number);
    }
}
