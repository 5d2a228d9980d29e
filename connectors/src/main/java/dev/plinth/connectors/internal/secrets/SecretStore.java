package dev.plinth.connectors.internal.secrets;

import dev.plinth.connectors.SecretException;
import dev.plinth.connectors.SecretInfo;
import dev.plinth.connectors.SecretPage;
import dev.plinth.connectors.SecretValues;
import dev.plinth.connectors.Secrets;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Secrets in the {@code connectors} schema, encrypted by {@link SecretCipher}; every query is tenant-scoped. */
final class SecretStore implements Secrets, SecretValues {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecretCipher cipher;
    private final SecretInput input;
    private final KeyRotator rotator;

    SecretStore(JdbcClient jdbc, TransactionTemplate transactions, SecretCipher cipher, SecretInput input) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
        this.input = input;
        this.rotator = new KeyRotator(jdbc, transactions, cipher);
    }

    @Override
    public SecretWrite put(UUID tenantId, String name, String environment, String value) {
        SecretInput.checkName(name);
        SecretInput.checkEnvironment(environment);
        input.checkValue(value);
        return transactions.execute(status -> {
            // The upsert locks the row, so concurrent PUTs of one name get consecutive versions.
            Row row = jdbc.sql("""
                    insert into connectors.secrets (tenant_id, name, environment, current_version)
                    values (:tenant, :name, :environment, 1)
                    on conflict (tenant_id, name, (coalesce(environment, '')))
                    do update set current_version = secrets.current_version + 1, updated_at = now()
                    returning id, name, environment, current_version, created_at, updated_at, (xmax = 0) as inserted
                    """).param("tenant", tenantId).param("name", name).param("environment", environment)
                    .query(SecretStore::row).single();
            SecretCipher.Sealed sealed = cipher.seal(value,
                    new SecretCipher.Binding(tenantId, name, environment, row.info().version()));
            jdbc.sql("""
                    insert into connectors.secret_versions (secret_id, version, key_id, nonce, ciphertext)
                    values (:id, :version, :key, :nonce, :ciphertext)
                    """).param("id", row.id()).param("version", row.info().version()).param("key", sealed.keyId())
                    .param("nonce", sealed.nonce()).param("ciphertext", sealed.ciphertext()).update();
            return new SecretWrite(row.info(), row.inserted());
        });
    }

    @Override
    public SecretPage list(UUID tenantId, String cursor, int limit) {
        String[] after = Cursor.decode(cursor);
        List<SecretInfo> rows = jdbc.sql("""
                select id, name, environment, current_version, created_at, updated_at, false as inserted
                from connectors.secrets
                where tenant_id = :tenant and (:afterName::text is null
                    or (name, coalesce(environment, '')) > (:afterName, :afterEnvironment))
                order by name, coalesce(environment, '')
                limit :limit
                """).param("tenant", tenantId).param("afterName", after == null ? null : after[0])
                .param("afterEnvironment", after == null ? null : after[1]).param("limit", limit + 1)
                .query(SecretStore::row).list().stream().map(Row::info).toList();
        if (rows.size() <= limit) {
            return new SecretPage(rows, null);
        }
        List<SecretInfo> page = rows.subList(0, limit);
        return new SecretPage(List.copyOf(page), Cursor.encode(page.get(limit - 1)));
    }

    @Override
    public List<SecretInfo> get(UUID tenantId, String name) {
        SecretInput.checkName(name);
        List<SecretInfo> entries = jdbc.sql("""
                select id, name, environment, current_version, created_at, updated_at, false as inserted
                from connectors.secrets where tenant_id = :tenant and name = :name
                order by environment nulls first
                """).param("tenant", tenantId).param("name", name).query(SecretStore::row).list()
                .stream().map(Row::info).toList();
        if (entries.isEmpty()) {
            throw SecretException.notFound(name);
        }
        return entries;
    }

    @Override
    public void delete(UUID tenantId, String name, String environment, boolean allEnvironments) {
        SecretInput.checkName(name);
        SecretInput.checkEnvironment(environment);
        int deleted = jdbc.sql("""
                delete from connectors.secrets where tenant_id = :tenant and name = :name
                and (:all or environment is not distinct from :environment)
                """).param("tenant", tenantId).param("name", name).param("all", allEnvironments)
                .param("environment", environment).update();
        if (deleted == 0) {
            throw SecretException.notFound(name);
        }
    }

    @Override
    public Optional<String> value(UUID tenantId, String name, String environment) {
        return jdbc.sql("""
                select s.environment, v.version, v.key_id, v.nonce, v.ciphertext
                from connectors.secrets s
                join connectors.secret_versions v on v.secret_id = s.id and v.version = s.current_version
                where s.tenant_id = :tenant and s.name = :name
                  and (s.environment is null or s.environment = :environment)
                order by s.environment nulls last limit 1
                """).param("tenant", tenantId).param("name", name).param("environment", environment)
                .query((rs, n) -> cipher.open(
                        new SecretCipher.Sealed(rs.getString("key_id"), rs.getBytes("nonce"), rs.getBytes("ciphertext")),
                        new SecretCipher.Binding(tenantId, name, rs.getString("environment"), rs.getInt("version"))))
                .optional();
    }

    @Override
    public KeyRotation reencrypt() {
        return new KeyRotation(cipher.currentKeyId(), rotator.reencryptAll(), rotator.underUnknownKeys());
    }

    /** Versions under a previous master key, waiting to be re-encrypted. */
    int staleVersions() {
        return rotator.stale();
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getBoolean("inserted"), new SecretInfo(rs.getString("name"),
                rs.getString("environment"), rs.getInt("current_version"), instant(rs, "created_at"),
                instant(rs, "updated_at")));
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record Row(long id, boolean inserted, SecretInfo info) {
    }

    /** Opaque keyset cursor: the name and environment of the last entry of a page. */
    static final class Cursor {

        private Cursor() {
        }

        static String encode(SecretInfo last) {
            String text = last.name() + "\n" + (last.environment() == null ? "" : last.environment());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static String[] decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                if (newline < 1) {
                    throw new IllegalArgumentException("no separator");
                }
                return new String[] {text.substring(0, newline), text.substring(newline + 1)};
            } catch (IllegalArgumentException malformed) {
                throw SecretException.invalid("/cursor", "cursor is not a cursor this API returned",
                        "start again without it");
            }
        }
    }
}
