package dev.plinth.platform.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.platform.support.PlinthTest;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The connection pool is sized from the CPUs the embedded database shares with Plinth, unless configured. */
@PlinthTest
class ConnectionPoolSizeTest {

    @Autowired
    DataSource dataSource;

    @Test
    void theEmbeddedDatabaseGetsFourConnectionsPerCpuAndAtLeastEight() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(Math.max(8, 4 * cpus));
        assertThat(InfrastructureConfiguration.embeddedPoolSize(1)).isEqualTo(8);
        assertThat(InfrastructureConfiguration.embeddedPoolSize(8)).isEqualTo(32);
    }

    @Test
    void anExternalDatabaseGetsThirtyAndAConfiguredSizeIsKept() {
        DatabaseEndpoint external = DatabaseEndpoint.from(new InfrastructureProperties(null,
                new InfrastructureProperties.Db("jdbc:postgresql://db.example:5432/plinth", "plinth", "secret", 0, null),
                new InfrastructureProperties.Kafka(null, 0)));

        assertThat(sized(new HikariDataSource(), external, Map.of()).getMaximumPoolSize())
                .isEqualTo(InfrastructureConfiguration.EXTERNAL_POOL_SIZE);

        // Configured (here in an environment variable's form, as Docker sets it): binding has set the
        // pool's size already, and the sizing leaves it alone.
        HikariDataSource configured = new HikariDataSource();
        configured.setMaximumPoolSize(12);
        assertThat(sized(configured, external, Map.of("SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "12"))
                .getMaximumPoolSize()).isEqualTo(12);
    }

    private static HikariDataSource sized(HikariDataSource pool, DatabaseEndpoint database,
            Map<String, Object> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        environmentVariables));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("plinthDatabase", database);
        BeanPostProcessor sizing = InfrastructureConfiguration.plinthConnectionPoolSize(environment,
                beans.getBeanProvider(DatabaseEndpoint.class));
        return (HikariDataSource) sizing.postProcessBeforeInitialization(pool, "dataSource");
    }
}
