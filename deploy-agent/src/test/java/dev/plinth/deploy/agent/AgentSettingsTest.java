package dev.plinth.deploy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {

    @Test
    void optionsWinOverEnvironmentVariablesWhichFillTheRest() {
        AgentSettings settings = AgentSettings.parse(new String[] {"--server", "https://plinth.example.com/",
                "--environment=staging", "--concurrency", "8"}, Map.of("PLINTH_AGENT_TOKEN", "plk_secret",
                "PLINTH_ENVIRONMENT", "prod", "PLINTH_AGENT_NAME", "office-1"));
        assertThat(settings.server().toString()).isEqualTo("https://plinth.example.com");
        assertThat(settings.token()).isEqualTo("plk_secret");
        assertThat(settings.environment()).isEqualTo("staging");
        assertThat(settings.name()).isEqualTo("office-1");
        assertThat(settings.concurrency()).isEqualTo(8);
        assertThat(settings.toString()).doesNotContain("plk_secret");
    }

    @Test
    void missingOrMalformedSettingsAreUsageErrorsThatNameTheOption() {
        assertThatThrownBy(() -> AgentSettings.parse(new String[] {"--environment", "staging"},
                Map.of("PLINTH_AGENT_TOKEN", "k"))).hasMessageContaining("--server");
        assertThatThrownBy(() -> AgentSettings.parse(new String[] {"--server", "http://x", "--environment", "s"},
                Map.of())).hasMessageContaining("PLINTH_AGENT_TOKEN");
        assertThatThrownBy(() -> AgentSettings.parse(new String[] {"--server", "ftp://x", "--token", "k",
                "--environment", "s"}, Map.of())).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> AgentSettings.parse(new String[] {"--server", "http://x", "--token", "k",
                "--environment", "s", "--concurrency", "many"}, Map.of())).hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> AgentSettings.parse(new String[] {"--server", "http://x", "--token", "k",
                "--environment", "s", "--colour", "blue"}, Map.of())).hasMessageContaining("--colour");
        assertThatThrownBy(() -> AgentSettings.parse(new String[] {"--server"}, Map.of()))
                .hasMessageContaining("needs a value");
    }
}
