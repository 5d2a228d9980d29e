package dev.plinth.memory.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates the module's own schema ({@code memory}) with its own Flyway history, independent of
 * the other modules' migrations. Deliberately not a {@code Flyway} bean: that would switch off
 * Spring Boot's migration of the application's schema.
 */
class MemorySchemaMigration implements InitializingBean {

    static final String SCHEMA = "memory";

    private final DataSource dataSource;

    MemorySchemaMigration(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations("classpath:db/migration/memory")
                .load()
                .migrate();
    }
}
