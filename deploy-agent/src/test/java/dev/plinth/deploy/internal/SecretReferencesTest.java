package dev.plinth.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SecretReferencesTest {

    static final JsonNode DEFINITION = JsonMapper.builder().build().readTree("""
            {"spec": {
              "connectors": {
                "db": {"type": "sql", "username": "${secret:db-user}", "password": "${secret:db-password}"},
                "crm": {"type": "http", "headers": {"Authorization": "Bearer ${secret:crm.token} and ${secret:crm.token}"}},
                "plain": {"type": "http", "baseUrl": "https://example.com/${input.path}"}
              },
              "workflows": [{"name": "w", "steps": [{"id": "s", "with": ["${secret:in-a-list}"]}]}],
              "environments": {
                "prod": {"connectors": {"db": {"password": "${secret:prod-db-password}"}}},
                "staging": {"connectors": {"db": {"password": "${secret:staging-db-password}"}}}
              }
            }}
            """);

    @Test
    void findsEveryReferenceOutsideOtherEnvironmentsOnceEach() {
        assertThat(SecretReferences.in(DEFINITION, "prod")).containsExactly("crm.token", "db-password", "db-user",
                "in-a-list", "prod-db-password");
    }

    @Test
    void anEnvironmentWithoutOverridesSeesOnlyTheBaseDefinition() {
        assertThat(SecretReferences.in(DEFINITION, "dev")).containsExactly("crm.token", "db-password", "db-user",
                "in-a-list");
    }
}
