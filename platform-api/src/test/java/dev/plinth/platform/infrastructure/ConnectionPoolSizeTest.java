package dev.plinth.platform.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.platform.support.PlinthTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The embedded database's connection pool is sized from the CPUs it shares with Plinth. */
@PlinthTest
class ConnectionPoolSizeTest {

    @Autowired
    DataSource dataSource;

    @Test
    void theEmbeddedDatabaseGetsFourConnectionsPerCpuAndAtLeastEight() throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.getMaximumPoolSize()).isEqualTo(Math.max(8, 4 * cpus));
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(pool.getMaximumPoolSize());
    }

    @Test
    void fourPerCpuWithAFloorOfEight() {
        assertThat(InfrastructureConfiguration.embeddedPoolSize(1)).isEqualTo(8);
        assertThat(InfrastructureConfiguration.embeddedPoolSize(2)).isEqualTo(8);
        assertThat(InfrastructureConfiguration.embeddedPoolSize(8)).isEqualTo(32);
    }
}
