package dev.plinth.platform.infrastructure;

import dev.plinth.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;

/**
 * The Kafka cluster Plinth talks to: the configured external one, or an in-process KRaft broker
 * it started (and stops on close). The embedded broker starts on a background thread so it boots
 * while PostgreSQL and the rest of the application do; the first caller that needs its address
 * waits for it.
 */
final class KafkaEndpoint implements KafkaConnectionDetails, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaEndpoint.class);

    private final CompletableFuture<EmbeddedKafkaBroker> embedded;
    private final CompletableFuture<List<String>> bootstrapServers;

    private KafkaEndpoint(CompletableFuture<EmbeddedKafkaBroker> embedded, CompletableFuture<List<String>> servers) {
        this.embedded = embedded;
        this.bootstrapServers = servers;
    }

    static KafkaEndpoint from(InfrastructureProperties properties) {
        InfrastructureProperties.Kafka kafka = properties.kafka();
        if (kafka.external()) {
            log.info("Using external Kafka at {}", kafka.bootstrapServers());
            return new KafkaEndpoint(null, CompletableFuture.completedFuture(split(kafka.bootstrapServers())));
        }
        Path directory = properties.dataDir().resolve("kafka").toAbsolutePath();
        CompletableFuture<EmbeddedKafkaBroker> starting = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(directory, kafka.embeddedPort());
                log.info("Started embedded Kafka (KRaft) at {} (data in {})", broker.bootstrapServers(), directory);
                starting.complete(broker);
            } catch (RuntimeException | Error failure) {
                starting.completeExceptionally(failure);
            }
        }, "plinth-embedded-kafka-start");
        starter.start();
        return new KafkaEndpoint(starting, starting.thenApply(broker -> split(broker.bootstrapServers())));
    }

    private static List<String> split(String servers) {
        return Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public List<String> getBootstrapServers() {
        try {
            return bootstrapServers.join();
        } catch (CompletionException failed) {
            throw new IllegalStateException("The embedded Kafka broker failed to start", failed.getCause());
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.thenAccept(EmbeddedKafkaBroker::close).exceptionally(failure -> null).join();
        }
    }
}
