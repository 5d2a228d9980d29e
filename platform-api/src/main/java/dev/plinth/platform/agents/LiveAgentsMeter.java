package dev.plinth.platform.agents;

import dev.plinth.deploy.Agents;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code plinth.agents.live}: deploy agents whose heartbeat is recent, by environment. Measured on
 * a schedule rather than per scrape, so a scrape never waits on the database.
 */
@Component
class LiveAgentsMeter {

    private final Agents agents;
    private final AgentsProperties properties;
    private final MultiGauge live;

    LiveAgentsMeter(Agents agents, AgentsProperties properties, MeterRegistry registry) {
        this.agents = agents;
        this.properties = properties;
        this.live = MultiGauge.builder("plinth.agents.live")
                .description("Deploy agents whose last heartbeat is within plinth.agents.liveness, by environment")
                .register(registry);
    }

    @Scheduled(initialDelayString = "${plinth.agents.measure-interval:10s}",
            fixedDelayString = "${plinth.agents.measure-interval:10s}")
    void measure() {
        List<MultiGauge.Row<?>> rows = agents.liveByEnvironment(properties.liveness()).entrySet().stream()
                .<MultiGauge.Row<?>>map(entry -> MultiGauge.Row.of(Tags.of("environment", entry.getKey()),
                        entry.getValue()))
                .toList();
        live.register(rows, true);
    }
}
