package dev.plinth.connectors.internal.secrets;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-encrypts secret versions still under an older master key, a batch per transaction. Rows are
 * claimed with {@code FOR UPDATE SKIP LOCKED}, so reads and writes go on meanwhile (each row names
 * its own key, and the previous keys still decrypt) and several instances can rotate at once
 * without doing a row twice. Versions under a key that is no longer configured are left alone
 * (and counted) rather than blocking the rest.
 */
final class KeyRotator {

    private static final int BATCH = 200;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SecretCipher cipher;

    KeyRotator(JdbcClient jdbc, TransactionTemplate transactions, SecretCipher cipher) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = cipher;
    }

    int reencryptAll() {
        int total = 0;
        for (int done = batch(); done > 0; done = batch()) {
            total += done;
        }
        return total;
    }

    /** Versions under a previous key, waiting to be re-encrypted. */
    int stale() {
        return jdbc.sql("select count(*) from connectors.secret_versions where key_id <> :key and key_id in (:keys)")
                .param("key", cipher.currentKeyId()).param("keys", cipher.keyIds()).query(Integer.class).single();
    }

    /** Versions under a key that is neither current nor among the previous keys: unreadable until it is added. */
    int underUnknownKeys() {
        return jdbc.sql("select count(*) from connectors.secret_versions where key_id not in (:keys)")
                .param("keys", cipher.keyIds()).query(Integer.class).single();
    }

    private int batch() {
        return transactions.execute(status -> {
            List<Stale> rows = jdbc.sql("""
                    select v.secret_id, v.version, v.key_id, v.nonce, v.ciphertext, s.tenant_id, s.name, s.environment
                    from connectors.secret_versions v join connectors.secrets s on s.id = v.secret_id
                    where v.key_id <> :key and v.key_id in (:keys)
                    limit :batch
                    for update of v skip locked
                    """).param("key", cipher.currentKeyId()).param("keys", cipher.keyIds()).param("batch", BATCH)
                    .query((rs, n) -> new Stale(rs.getLong("secret_id"), rs.getInt("version"),
                            new SecretCipher.Sealed(rs.getString("key_id"), rs.getBytes("nonce"), rs.getBytes("ciphertext")),
                            new SecretCipher.Binding(rs.getObject("tenant_id", UUID.class), rs.getString("name"),
                                    rs.getString("environment"), rs.getInt("version"))))
                    .list();
            for (Stale row : rows) {
                SecretCipher.Sealed fresh = cipher.seal(cipher.open(row.sealed(), row.binding()), row.binding());
                jdbc.sql("""
                        update connectors.secret_versions set key_id = :key, nonce = :nonce, ciphertext = :ciphertext
                        where secret_id = :id and version = :version
                        """).param("key", fresh.keyId()).param("nonce", fresh.nonce())
                        .param("ciphertext", fresh.ciphertext()).param("id", row.secretId())
                        .param("version", row.version()).update();
            }
            return rows.size();
        });
    }

    private record Stale(long secretId, int version, SecretCipher.Sealed sealed, SecretCipher.Binding binding) {
    }
}
