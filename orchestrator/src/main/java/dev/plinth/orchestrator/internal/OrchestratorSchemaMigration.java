package dev.plinth.orchestrator.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/** Migrates the module's own schema ({@code orchestrator}) with its own Flyway history. */
class OrchestratorSchemaMigration implements InitializingBean {

    private final DataSource dataSource;

    OrchestratorSchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("orchestrator")
                .defaultSchema("orchestrator")
                .locations("classpath:db/migration/orchestrator")
                .load()
                .migrate();
    }
}
