package dev.plinth.connectors.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/** Migrates the module's own schema ({@code connectors}) with its own Flyway history. */
public final class ConnectorsSchemaMigration implements InitializingBean {

    private final DataSource dataSource;

    public ConnectorsSchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("connectors")
                .defaultSchema("connectors")
                .locations("classpath:db/migration/connectors")
                .load()
                .migrate();
    }
}
