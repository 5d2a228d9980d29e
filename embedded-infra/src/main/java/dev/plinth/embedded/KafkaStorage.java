package dev.plinth.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The equivalent of {@code kafka-storage.sh format}, run only for a log directory that has never been
 * formatted, so restarts keep their data and the cluster id written into {@code meta.properties}.
 */
final class KafkaStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private KafkaStorage() {
    }

    /**
     * Formats {@code logDirectory} with a fresh cluster id unless it already holds {@code meta.properties}.
     *
     * @return the cluster id stored in the directory
     */
    static String formatIfNeeded(Path logDirectory, int nodeId, String controllerListenerName) throws Exception {
        Path metaProperties = logDirectory.resolve(META_PROPERTIES);
        if (Files.exists(metaProperties)) {
            return readClusterId(metaProperties);
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        // Static quorum (controller.quorum.voters) is used, so no initial controllers are passed: that
        // keeps kraft.version 0, where the controller port is read from config and may change on restart.
        new Formatter()
                .setPrintStream(new PrintStream(output, true, StandardCharsets.UTF_8))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setDirectories(List.of(logDirectory.toString()))
                .setMetadataLogDirectory(logDirectory.toString())
                .setControllerListenerName(controllerListenerName)
                .run();
        LOG.debug("Formatted Kafka log directory: {}", output.toString(StandardCharsets.UTF_8).trim());
        return clusterId;
    }

    private static String readClusterId(Path metaProperties) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(metaProperties)) {
            properties.load(in);
        }
        String clusterId = properties.getProperty("cluster.id");
        if (clusterId == null) {
            throw new IllegalStateException("No cluster.id in " + metaProperties);
        }
        return clusterId;
    }
}
