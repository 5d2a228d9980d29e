package dev.plinth.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.connectors.SecretValues;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretSettingsTest {

    private final UUID tenant = UUID.randomUUID();
    private final SecretValues store = (owner, name, environment) -> owner.equals(tenant) && name.equals("db-pw")
            ? Optional.of("hunter2-long") : Optional.empty();

    @Test
    void resolvesReferencesInsideTextAndRedactsWhatItResolved() {
        SecretSettings secrets = SecretSettings.of(store, tenant);

        String url = secrets.resolve("jdbc:postgresql://h/db?password=${secret:db-pw}&ssl=true");

        assertThat(url).isEqualTo("jdbc:postgresql://h/db?password=hunter2-long&ssl=true");
        assertThat(secrets.redact("FATAL: bad password hunter2-long")).isEqualTo("FATAL: bad password " + dev.plinth.connectors.Redactor.MASK);
        assertThat(secrets.resolve("plain")).isEqualTo("plain");
        assertThat(secrets.resolve(null)).isNull();
    }

    @Test
    void anUnknownSecretOrAMissingStoreNamesTheSecretOnly() {
        assertThatThrownBy(() -> SecretSettings.of(store, UUID.randomUUID()).resolve("${secret:db-pw}"))
                .isInstanceOf(SecretSettings.UnresolvedSecret.class).hasMessageContaining("'db-pw'");
        assertThatThrownBy(() -> SecretSettings.of(null, tenant).resolve("${secret:db-pw}"))
                .hasMessageContaining("no secret store");
    }
}
