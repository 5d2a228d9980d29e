package dev.plinth.deploy.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code plinth.deploy.deployments.active}: how many apps have an active revision, by environment
 * — the Overview dashboard's "what is deployed where". Counted every
 * {@code plinth.deploy.measure-interval}, not on each scrape.
 */
class ActiveDeploymentsMeter {

    private final JdbcClient jdbc;
    private final MultiGauge active;

    ActiveDeploymentsMeter(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.active = MultiGauge.builder("plinth.deploy.deployments.active")
                .description("Apps with an active revision, by environment").register(registry);
    }

    @Scheduled(initialDelayString = "${plinth.deploy.measure-interval:15s}",
            fixedDelayString = "${plinth.deploy.measure-interval:15s}")
    void measure() {
        List<MultiGauge.Row<?>> rows = jdbc.sql("select environment, count(*) from deploy.deployments "
                        + "where status = 'active' group by environment")
                .query((rs, row) -> MultiGauge.Row.of(Tags.of("environment", rs.getString(1)), rs.getLong(2)))
                .list().stream().<MultiGauge.Row<?>>map(row -> row).toList();
        active.register(rows, true);
    }
}
