package dev.plinth.deploy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SecretSubstitutionTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void referencesAnywhereInTheSettingsAreReplacedOnACopy() {
        JsonNode connector = JSON.readTree("""
                {"type": "sql", "url": "jdbc:postgresql://db/orders", "user": "app",
                 "password": "${secret:db-password}", "headers": [{"auth": "Bearer ${secret:token}!"}], "port": 5432}
                """);
        JsonNode resolved = SecretSubstitution.apply(connector, Map.of("db-password", "pa$$\\word", "token", "t1"));
        assertThat(resolved.path("password").asString()).isEqualTo("pa$$\\word");
        assertThat(resolved.at("/headers/0/auth").asString()).isEqualTo("Bearer t1!");
        assertThat(resolved.path("port").asInt()).isEqualTo(5432);
        assertThat(connector.path("password").asString()).as("the original is untouched")
                .isEqualTo("${secret:db-password}");
    }

    @Test
    void aReferenceTheServerDidNotResolveIsMissingByName() {
        JsonNode connector = JSON.readTree("{\"password\": \"${secret:absent}\"}");
        assertThatThrownBy(() -> SecretSubstitution.apply(connector, Map.of()))
                .isInstanceOf(SecretSubstitution.MissingSecret.class).hasMessageContaining("'absent'");
    }
}
