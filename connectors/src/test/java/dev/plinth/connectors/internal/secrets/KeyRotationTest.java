package dev.plinth.connectors.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Master-key rotation as an operator does it: configure the new key, keep the old one under
 * previous keys, re-encrypt, then drop the old key. Reads work at every stage.
 */
class KeyRotationTest {

    final UUID tenant = UUID.randomUUID();
    final UUID otherTenant = UUID.randomUUID();

    @Test
    void everyVersionOfEveryTenantMovesToTheNewKeyWhileReadsKeepWorking() {
        String oldKey = SecretDatabase.newKey();
        String newKey = SecretDatabase.newKey();
        SecretStore before = SecretDatabase.store(oldKey);
        before.put(tenant, "rotate-a", null, "a1");
        before.put(tenant, "rotate-a", null, "a2");
        before.put(tenant, "rotate-b", "prod", "b");
        before.put(otherTenant, "rotate-a", null, "other");

        SecretStore during = SecretDatabase.store(newKey, oldKey);
        assertThat(during.value(tenant, "rotate-a")).contains("a2");
        during.put(tenant, "rotate-c", null, "written during the rotation");
        assertThat(keyIds()).contains(MasterKeys.of(oldKey, List.of()).currentId());

        var rotation = during.reencrypt();

        String newKeyId = MasterKeys.of(newKey, List.of()).currentId();
        assertThat(rotation.keyId()).isEqualTo(newKeyId);
        assertThat(rotation.reencrypted()).isEqualTo(4);
        assertThat(keyIds()).containsExactly(newKeyId);
        assertThat(during.reencrypt().reencrypted()).isZero();

        SecretStore after = SecretDatabase.store(newKey);
        assertThat(after.value(tenant, "rotate-a")).contains("a2");
        assertThat(after.value(tenant, "rotate-b", "prod")).contains("b");
        assertThat(after.value(tenant, "rotate-c")).contains("written during the rotation");
        assertThat(after.value(otherTenant, "rotate-a")).contains("other");
        assertThatThrownBy(() -> SecretDatabase.store(oldKey).value(tenant, "rotate-a"))
                .hasMessageContaining("not configured").hasMessageContaining(newKeyId);
    }

    private List<String> keyIds() {
        return SecretDatabase.JDBC.sql("""
                select distinct v.key_id from connectors.secret_versions v join connectors.secrets s on s.id = v.secret_id
                where s.tenant_id in (:tenants)""").param("tenants", List.of(tenant, otherTenant))
                .query(String.class).list();
    }
}
