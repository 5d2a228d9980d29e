package dev.plinth.platform.infrastructure;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.Environment;

/**
 * Publishes the database and Kafka endpoints as Spring Boot connection details, so the standard
 * DataSource, Flyway and Kafka auto-configuration use them whether they are embedded or external.
 */
@Configuration(proxyBeanMethods = false)
class InfrastructureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureConfiguration.class);
    static final String POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";
    /** Connections to an external PostgreSQL, whose CPUs Plinth cannot see, when none are configured. */
    static final int EXTERNAL_POOL_SIZE = 30;

    // Kafka is created first so its embedded broker boots in the background while PostgreSQL starts.
    @Bean(destroyMethod = "close")
    @DependsOn("plinthKafka")
    DatabaseEndpoint plinthDatabase(InfrastructureProperties properties) {
        return DatabaseEndpoint.from(properties);
    }

    @Bean(destroyMethod = "close")
    KafkaEndpoint plinthKafka(InfrastructureProperties properties) {
        return KafkaEndpoint.from(properties);
    }

    /**
     * Sizes the connection pool when {@value #POOL_SIZE} is not set. The embedded PostgreSQL runs on
     * this machine's CPUs, and more backends working at once than it has CPUs only take turns on
     * them: with 30 connections, sixteen concurrent memory-context requests on two cores cost
     * PostgreSQL 0.65 ms of CPU each, with 8 connections 0.44 ms, and throughput rose from 1,479 to
     * 1,764 requests/s (benchmarks/memory). So: four connections per CPU, at least eight. An external
     * server's size is unknown here; it gets {@value #EXTERNAL_POOL_SIZE}.
     */
    @Bean
    static BeanPostProcessor plinthConnectionPoolSize(Environment environment,
            ObjectProvider<DatabaseEndpoint> database) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool
                        && !Binder.get(environment).bind(POOL_SIZE, Integer.class).isBound()) {
                    boolean embedded = database.getObject().embedded();
                    int size = embedded ? embeddedPoolSize(Runtime.getRuntime().availableProcessors())
                            : EXTERNAL_POOL_SIZE;
                    pool.setMaximumPoolSize(size);
                    log.info("Database connection pool: {} connections ({}; set {} to change)", size,
                            embedded ? "embedded PostgreSQL: four per CPU, at least 8" : "external PostgreSQL",
                            POOL_SIZE);
                }
                return bean;
            }
        };
    }

    static int embeddedPoolSize(int cpus) {
        return Math.max(8, 4 * cpus);
    }
}
