package dev.plinth.deploy.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/** Migrates the module's own schema ({@code deploy}) with its own Flyway history. */
class DeploySchemaMigration implements InitializingBean {

    private final DataSource dataSource;

    DeploySchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("deploy")
                .defaultSchema("deploy")
                .locations("classpath:db/migration/deploy")
                .load()
                .migrate();
    }
}
