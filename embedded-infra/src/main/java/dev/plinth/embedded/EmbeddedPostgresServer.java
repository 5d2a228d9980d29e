package dev.plinth.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 server (zonky's embedded binaries) running as a child process and keeping its
 * data in a caller-chosen directory, so a restart on the same directory sees all previous data.
 *
 * <p>The server listens on loopback only and uses {@code trust} authentication for the superuser
 * {@code postgres}, so {@link #password()} is accepted but not checked. Closing stops the server and
 * keeps the data directory.
 *
 * <pre>{@code
 * try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(Path.of("data/pg"), 0)) {
 *     DriverManager.getConnection(pg.jdbcUrl(), pg.username(), pg.password());
 * }
 * }</pre>
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private static final String USERNAME = "postgres";
    private static final String DATABASE = "postgres";
    /** Crash recovery after an unclean stop can exceed zonky's 10 s default on a slow disk. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts Postgres on {@code dataDirectory}, creating the cluster (initdb) only if the directory has
     * none yet. Cleans up after a previously killed JVM first (orphaned postmaster, stale pid file).
     *
     * @param dataDirectory where the cluster lives; created if missing, never deleted
     * @param port the loopback port to listen on, or 0 to pick a free one
     * @return the running server; the caller must {@link #close()} it
     * @throws UncheckedIOException if Postgres cannot be started
     * @throws IllegalStateException if the directory is already in use or Postgres cannot run here
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Map.of());
    }

    /**
     * Settings Plinth gives its embedded server unless told otherwise. initdb sizes {@code shared_buffers}
     * at 128 MB whatever the machine, so a memory store larger than that is read through the kernel
     * page cache on every request; an eighth of the machine's memory (at least 128 MB, at most 2 GB)
     * keeps a working set of that size in PostgreSQL's own cache. The JIT compiler only pays off for
     * long analytical queries, and it cost short ones tens of milliseconds when it did kick in.
     */
    public static Map<String, String> defaultSettings() {
        long machine = physicalMemoryBytes();
        long buffers = Math.max(128L << 20, Math.min(2L << 30, machine / 8));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("shared_buffers", (buffers >> 20) + "MB");
        settings.put("jit", "off");
        return settings;
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 1L << 30;
    }

    /**
     * As {@link #start(Path, int)}, with PostgreSQL settings ({@code postgresql.conf} names) applied on top
     * of {@link #defaultSettings()}; fsync, synchronous_commit and listen_addresses cannot be changed.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Map<String, String> settings) {
        long startNanos = System.nanoTime();
        Path directory = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
            requireRunnableAsCurrentUser();
            StalePostmaster.clear(directory);
            boolean fresh = !Files.exists(directory.resolve("PG_VERSION"));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            Map<String, String> applied = new LinkedHashMap<>(defaultSettings());
            applied.putAll(settings);
            applied.forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPort(FreePort.orPick(port))
                    .setPGStartupWait(STARTUP_WAIT)
                    // Zonky starts Postgres with -F (fsync off), fine for tests but not for data that
                    // must survive an OS crash; later -c options override it.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    // Fixed locale so initdb never depends on (or fails on) the host's LANG settings.
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("locale-provider", "builtin")
                    .setLocaleConfig("builtin-locale", "C.UTF-8")
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, directory);
            LOG.info("Embedded PostgreSQL started on port {} in {} ms ({} data directory {}; settings {})",
                    server.port(), (System.nanoTime() - startNanos) / 1_000_000,
                    fresh ? "new" : "existing", directory, applied);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + directory, e);
        }
    }

    /**
     * Postgres refuses to run as root. Zonky works around that by running every Postgres command via
     * {@code unshare -U} (an unprivileged user namespace), which needs util-linux and user namespaces
     * enabled; fail with a clear message instead of an opaque initdb error when that is missing.
     */
    private static void requireRunnableAsCurrentUser() throws IOException {
        boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        if (root && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("PostgreSQL cannot run as root. Run Plinth as a non-root user, "
                    + "or make 'unshare -U' work (util-linux installed, user namespaces enabled)");
        }
    }

    /** @return JDBC URL of the {@code postgres} database, e.g. {@code jdbc:postgresql://localhost:5432/postgres?user=postgres} */
    public String jdbcUrl() {
        return postgres.getJdbcUrl(USERNAME, DATABASE);
    }

    /** @return the superuser name */
    public String username() {
        return USERNAME;
    }

    /** @return the password to pass to drivers; empty because the server trusts loopback connections */
    public String password() {
        return "";
    }

    /** @return the port the server listens on */
    public int port() {
        return postgres.getPort();
    }

    /** @return the absolute data directory */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown, waits for it) and keeps the data directory. Idempotent. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
