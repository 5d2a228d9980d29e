package dev.plinth.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing validator skips its test, and the skip message says how to install it. */
class ExternalToolTest {

    @Test
    void aMissingToolSkipsWithTheInstallCommand() {
        Throwable skipped = catchThrowable(() -> new ExternalTool("plinth-no-such-validator", "some-package").require());
        assertThat(skipped).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("plinth-no-such-validator is not installed")
                .hasMessageContaining("apt-get install -y some-package");
    }
}
