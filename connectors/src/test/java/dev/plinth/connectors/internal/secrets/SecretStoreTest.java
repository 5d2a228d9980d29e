package dev.plinth.connectors.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plinth.connectors.SecretException;
import dev.plinth.connectors.SecretInfo;
import dev.plinth.connectors.SecretPage;
import dev.plinth.connectors.Secrets.SecretWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The encrypted store on a real PostgreSQL: versions, environments, tenant scoping, what is stored. */
class SecretStoreTest {

    final SecretStore store = SecretDatabase.store(SecretDatabase.newKey());
    final UUID tenant = UUID.randomUUID();

    @Test
    void eachPutIsANewVersionAndReadsReturnTheLatest() {
        SecretWrite first = store.put(tenant, "crm-token", null, "one");
        SecretWrite second = store.put(tenant, "crm-token", null, "two");

        assertThat(first.created()).isTrue();
        assertThat(first.secret().version()).isEqualTo(1);
        assertThat(second.created()).isFalse();
        assertThat(second.secret().version()).isEqualTo(2);
        assertThat(second.secret().createdAt()).isEqualTo(first.secret().createdAt());
        assertThat(store.value(tenant, "crm-token")).contains("two");
    }

    @Test
    void anEnvironmentsOwnValueWinsOverTheValueForAllEnvironments() {
        store.put(tenant, "db-password", null, "shared");
        store.put(tenant, "db-password", "prod", "production");

        assertThat(store.value(tenant, "db-password", "prod")).contains("production");
        assertThat(store.value(tenant, "db-password", "staging")).contains("shared");
        assertThat(store.value(tenant, "db-password")).contains("shared");
        assertThat(store.get(tenant, "db-password")).extracting(SecretInfo::environment).containsExactly(null, "prod");
    }

    @Test
    void anotherTenantSeesNothing() {
        store.put(tenant, "mine", null, "value");
        UUID other = UUID.randomUUID();

        assertThat(store.value(other, "mine")).isEmpty();
        assertThat(store.list(other, null, 10).items()).isEmpty();
        assertThatThrownBy(() -> store.get(other, "mine")).isInstanceOf(SecretException.class)
                .extracting(e -> ((SecretException) e).kind()).isEqualTo(SecretException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> store.delete(other, "mine", null, true)).isInstanceOf(SecretException.class);
        assertThat(store.value(tenant, "mine")).contains("value");
    }

    @Test
    void onlyCiphertextIsStoredAndItIsBoundToItsRow() {
        store.put(tenant, "plain-check", null, "recognisable-plaintext");
        store.put(tenant, "other-row", null, "another-value");

        List<byte[]> stored = SecretDatabase.JDBC.sql("""
                select v.ciphertext from connectors.secret_versions v join connectors.secrets s on s.id = v.secret_id
                where s.tenant_id = :tenant""").param("tenant", tenant).query(byte[].class).list();
        assertThat(stored).hasSize(2).noneSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .contains("recognisable"));

        // A ciphertext copied into another row does not decrypt there.
        SecretDatabase.JDBC.sql("""
                update connectors.secret_versions set nonce = src.nonce, ciphertext = src.ciphertext
                from (select v.nonce, v.ciphertext from connectors.secret_versions v
                      join connectors.secrets s on s.id = v.secret_id where s.tenant_id = :tenant and s.name = 'plain-check') src
                where secret_id = (select id from connectors.secrets where tenant_id = :tenant and name = 'other-row')
                """).param("tenant", tenant).update();
        assertThatThrownBy(() -> store.value(tenant, "other-row")).hasMessageContaining("integrity")
                .hasMessageNotContaining("recognisable");
    }

    @Test
    void theListIsPagedByCursorWithoutValues() {
        for (String name : List.of("a-key", "b-key", "c-key")) {
            store.put(tenant, name, null, "v");
        }
        store.put(tenant, "b-key", "prod", "v");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            SecretPage page = store.list(tenant, cursor, 2);
            page.items().forEach(info -> seen.add(info.name() + "@" + info.environment()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).containsExactly("a-key@null", "b-key@null", "b-key@prod", "c-key@null");
    }

    @Test
    void deletingRemovesOneEnvironmentOrAll() {
        store.put(tenant, "gone", null, "v");
        store.put(tenant, "gone", "prod", "p");

        store.delete(tenant, "gone", "prod", false);
        assertThat(store.value(tenant, "gone", "prod")).contains("v");
        store.delete(tenant, "gone", null, true);
        assertThat(store.value(tenant, "gone")).isEmpty();
    }

    @Test
    void badInputIsRefusedWithThePointerOfTheField() {
        assertThat(pointerOf(() -> store.put(tenant, "bad name!", null, "v"))).isEqualTo("/name");
        assertThat(pointerOf(() -> store.put(tenant, "ok", "Prod", "v"))).isEqualTo("/environment");
        assertThat(pointerOf(() -> store.put(tenant, "ok", null, null))).isEqualTo("/value");
        assertThat(pointerOf(() -> store.put(tenant, "ok", null, ""))).isEqualTo("/value");
        assertThat(pointerOf(() -> store.put(tenant, "ok", null, "x".repeat(1025)))).isEqualTo("/value");
        assertThat(pointerOf(() -> store.list(tenant, "not a cursor", 10))).isEqualTo("/cursor");
    }

    private static String pointerOf(Runnable call) {
        try {
            call.run();
        } catch (SecretException invalid) {
            assertThat(invalid.kind()).isEqualTo(SecretException.Kind.INVALID);
            return invalid.pointer();
        }
        throw new AssertionError("expected a SecretException");
    }
}
