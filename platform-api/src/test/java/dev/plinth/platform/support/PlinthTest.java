package dev.plinth.platform.support;

import dev.plinth.platform.PlinthApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A test against the whole running application on a random port, with a real embedded PostgreSQL
 * and a real embedded Kafka in a fresh data directory. Every test class with this annotation shares
 * one application context (and so one database and broker) per test JVM. Finished spans are also
 * kept in memory ({@link InMemorySpans}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = PlinthApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "plinth.data-dir=target/test-data/shared-${random.uuid}",
                "plinth.bootstrap.admin-key=" + TestKeys.ROOT_ADMIN,
                "plinth.console.admin-email=" + TestKeys.CONSOLE_ADMIN_EMAIL,
                "plinth.console.admin-password=" + TestKeys.CONSOLE_ADMIN_PASSWORD,
                "plinth.api.max-body-size=64KB",
                "plinth.memory.max-message-size=16KB",
                "plinth.memory.purge-interval=1s",
                "plinth.memory.purge-initial-delay=1s",
                "plinth.memory.embedding-poll=100ms",
                "plinth.workflow.purge-interval=1s",
                "plinth.workflow.lag-interval=1s",
                "plinth.workflow.max-step-output=32KB",
                "plinth.workflow.step-lease=20s",
                "plinth.workflow.inline-output-limit=4KB",
                // A test's dead agent hands its task on within seconds.
                "plinth.agents.lease=8s",
                "plinth.agents.measure-interval=1s",
                "plinth.deploy.measure-interval=1s"
        })
@Import(InMemorySpans.class)
public @interface PlinthTest {
}
