package dev.plinth.connectors.internal.secrets;

import dev.plinth.connectors.internal.ConnectorsSchemaMigration;
import dev.plinth.embedded.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** One real embedded PostgreSQL for this module's tests, migrated once, and stores over it. */
final class SecretDatabase {

    static final PGSimpleDataSource DATA_SOURCE = start();
    static final JdbcClient JDBC = JdbcClient.create(DATA_SOURCE);

    private SecretDatabase() {
    }

    private static PGSimpleDataSource start() {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
                Path.of("target/test-postgres-" + UUID.randomUUID()), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl());
        dataSource.setUser(postgres.username());
        dataSource.setPassword(postgres.password());
        new ConnectorsSchemaMigration(dataSource).afterPropertiesSet();
        return dataSource;
    }

    /** A store encrypting under {@code current} and also reading {@code previous}. */
    static SecretStore store(String current, String... previous) {
        return new SecretStore(JDBC, new TransactionTemplate(new DataSourceTransactionManager(DATA_SOURCE)),
                new SecretCipher(MasterKeys.of(current, List.of(previous))), new SecretInput(1024));
    }

    static String newKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }
}
