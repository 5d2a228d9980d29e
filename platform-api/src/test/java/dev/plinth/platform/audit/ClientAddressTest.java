package dev.plinth.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    static String of(String remote, int trusted, String... forwardedFor) {
        return ClientAddress.of(remote, Collections.enumeration(List.of(forwardedFor)), trusted);
    }

    @Test
    void forwardedForIsIgnoredUnlessProxiesAreTrusted() {
        assertThat(of("10.0.0.5", 0, "203.0.113.9")).isEqualTo("10.0.0.5");
    }

    @Test
    void eachTrustedProxyVouchesForOneHop() {
        assertThat(of("10.0.0.5", 1, "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(of("10.0.0.5", 1, "6.6.6.6, 203.0.113.9")).as("a forged left part is skipped")
                .isEqualTo("203.0.113.9");
        assertThat(of("10.0.0.5", 2, "6.6.6.6, 203.0.113.9", "10.0.0.4")).isEqualTo("203.0.113.9");
    }

    @Test
    void fewerHopsThanTrustedProxiesGivesTheFarthestKnown() {
        assertThat(of("10.0.0.5", 3, "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(of("10.0.0.5", 1)).isEqualTo("10.0.0.5");
    }

    @Test
    void somethingThatIsNotAnAddressIsNotBelieved() {
        assertThat(of("10.0.0.5", 1, "<script>")).isEqualTo("10.0.0.5");
        assertThat(of("10.0.0.5", 1, "x".repeat(300))).isEqualTo("10.0.0.5");
        assertThat(of("10.0.0.5", 1, "2001:db8::1")).isEqualTo("2001:db8::1");
    }
}
