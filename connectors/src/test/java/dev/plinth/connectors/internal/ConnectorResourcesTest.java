package dev.plinth.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConnectorResourcesTest {

    private final List<String> closed = new ArrayList<>();
    private final ConnectorResources<String> resources = new ConnectorResources<>(2, closed::add);
    private final UUID tenant = UUID.randomUUID();
    private final UUID app = UUID.randomUUID();

    @Test
    void reusesTheResourceWhileTheSettingsStayTheSame() {
        String first = resources.get(key("db"), "v1", () -> "pool-1");
        String again = resources.get(key("db"), "v1", () -> "pool-2");

        assertThat(again).isSameAs(first);
        assertThat(closed).isEmpty();
    }

    @Test
    void changedSettingsCloseTheOldResource() {
        resources.get(key("db"), "v1", () -> "pool-1");
        String replaced = resources.get(key("db"), "v2", () -> "pool-2");

        assertThat(replaced).isEqualTo("pool-2");
        assertThat(closed).containsExactly("pool-1");
        assertThat(resources.size()).isEqualTo(1);
    }

    @Test
    void closesTheLeastRecentlyUsedBeyondCapacityAndEverythingOnClose() {
        resources.get(key("a"), "v", () -> "a");
        resources.get(key("b"), "v", () -> "b");
        resources.get(key("a"), "v", () -> "unused");   // a is now the most recently used
        resources.get(key("c"), "v", () -> "c");

        assertThat(closed).containsExactly("b");
        resources.close();
        assertThat(closed).containsExactlyInAnyOrder("b", "a", "c");
        assertThat(resources.size()).isZero();
    }

    @Test
    void fingerprintsDifferWhenAnyPartDiffers() {
        assertThat(ConnectorResources.fingerprint("url", "user", "pw"))
                .isEqualTo(ConnectorResources.fingerprint("url", "user", "pw"))
                .isNotEqualTo(ConnectorResources.fingerprint("url", "user", "pw2"))
                .isNotEqualTo(ConnectorResources.fingerprint("url", "userpw", ""));
    }

    private ConnectorResources.Key key(String connector) {
        return new ConnectorResources.Key(tenant, app, connector);
    }
}
