package dev.plinth.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka 4.1 server in KRaft mode (combined broker and controller), running inside
 * this JVM and keeping its log in a caller-chosen directory, so a restart on the same directory keeps
 * topics, records, committed offsets and the cluster id.
 *
 * <p>Clients connect over PLAINTEXT on loopback via {@link #bootstrapServers()}. Internal topics use
 * replication factor 1, topics are created automatically on first use, and consumer groups start
 * without the usual initial rebalance delay.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Path.of("data/kafka"), 0)) {
 *     producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final int port;
    private final String clusterId;
    private final Path logDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, String clusterId, Path logDirectory) {
        this.server = server;
        this.port = port;
        this.clusterId = clusterId;
        this.logDirectory = logDirectory;
    }

    /**
     * Starts the broker on {@code logDirectory}, formatting it (new cluster id) only the first time.
     * Returns once the broker is registered with its controller and accepts clients.
     *
     * @param logDirectory where the broker and controller keep their logs; created if missing
     * @param port the loopback client port, or 0 to pick a free one (the controller always gets a free one)
     * @return the running broker; the caller must {@link #close()} it
     * @throws IllegalStateException if the broker cannot be started
     */
    public static EmbeddedKafkaBroker start(Path logDirectory, int port) {
        long startNanos = System.nanoTime();
        Path directory = logDirectory.toAbsolutePath().normalize();
        KafkaLogLevels.quietServerLogging();
        int clientPort = FreePort.orPick(port);
        int controllerPort = FreePort.pick();
        KafkaRaftServer server;
        String clusterId;
        try {
            Files.createDirectories(directory);
            clusterId = KafkaStorage.formatIfNeeded(directory, NODE_ID, CONTROLLER_LISTENER);
            // doLog=false: the full config dump is hundreds of INFO lines on every start.
            KafkaConfig config = new KafkaConfig(serverProperties(directory, clientPort, controllerPort), false);
            server = new KafkaRaftServer(config, Time.SYSTEM);
        } catch (Exception e) {
            throw new IllegalStateException("Could not prepare embedded Kafka in " + directory, e);
        }
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutDownQuietly(server);
            throw new IllegalStateException("Could not start embedded Kafka in " + directory, e);
        }
        LOG.info("Embedded Kafka started on {}:{} in {} ms (cluster {}, log directory {})",
                HOST, clientPort, (System.nanoTime() - startNanos) / 1_000_000, clusterId, directory);
        return new EmbeddedKafkaBroker(server, clientPort, clusterId, directory);
    }

    private static Map<String, String> serverProperties(Path directory, int clientPort, int controllerPort) {
        // Strings throughout: KafkaConfig parses them into whatever type each setting has.
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // Static single voter: its address comes from config on every start, so a new free
        // controller port after a restart is fine.
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://" + HOST + ":" + clientPort
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", directory.toString());
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "1");
        // A single node can only ever hold one replica of the internal topics.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // The defaults of 50 partitions each cost start-up time and file handles for nothing on one node.
        // Fixed once the topic exists, so changing these later only affects new log directories.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        // Nobody else will join: waiting 3 s for more group members only delays the first poll.
        props.put("group.initial.rebalance.delay.ms", "0");
        // The group coordinator holds each offset commit up to 5 ms to batch it with others; a
        // consumer that commits synchronously between polls (every Spring listener does) waits
        // that long before it fetches again — a result arriving meanwhile waits with it.
        props.put("group.coordinator.append.linger.ms", "0");
        // After a crash the controller keeps the dead incarnation's session alive until it times out
        // and rejects the restarted broker until then: ~12 s by default, ~6 s with these values, which
        // still tolerate GC or CPU stalls of a few seconds before the broker is fenced.
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("broker.session.timeout.ms", "4000");
        // The log cleaner (it compacts the internal offsets topic) allocates its key map on the heap up
        // front: 128 MB by default, held for the broker's life. In Plinth's JVM that was over half of
        // the live heap, kept G1's old generation near the threshold that starts a concurrent cycle, and
        // so brought a Remark pause (15-70 ms) and mixed collections every few seconds under load. 8 MB
        // maps ~300,000 keys per pass; one node's offsets topic has a few hundred.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return props;
    }

    /** @return the {@code bootstrap.servers} value for Kafka clients, e.g. {@code 127.0.0.1:9092} */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** @return the client port */
    public int port() {
        return port;
    }

    /** @return the cluster id, stable across restarts on the same log directory */
    public String clusterId() {
        return clusterId;
    }

    /** @return the absolute log directory */
    public Path logDirectory() {
        return logDirectory;
    }

    /** Shuts the broker and controller down cleanly and waits for it, keeping the log. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            long startNanos = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            LOG.info("Embedded Kafka stopped in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
        }
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.debug("Ignoring failure while cleaning up a failed Kafka start", e);
        }
    }
}
