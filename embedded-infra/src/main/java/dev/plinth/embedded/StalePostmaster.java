package dev.plinth.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clears what a killed JVM leaves behind in a Postgres data directory before zonky starts it.
 *
 * <p>Postgres runs as a separate daemon, so a {@code kill -9} of the JVM leaves the postmaster
 * running (holding the port and the directory), and a killed postmaster leaves a
 * {@code postmaster.pid} whose PID may later belong to an unrelated process, which makes Postgres
 * refuse to start. Zonky handles neither for a caller-chosen data directory.
 */
final class StalePostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

    /** Zonky's own lock file: held by whichever live JVM owns the directory. */
    private static final String ZONKY_LOCK_FILE = "epg-lock";
    private static final String PID_FILE = "postmaster.pid";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private StalePostmaster() {
    }

    /**
     * Makes {@code dataDirectory} startable: stops an orphaned postmaster of this directory and drops a
     * pid file whose PID was reused by some other process.
     *
     * @throws IllegalStateException if another live process (or this JVM) is using the directory
     */
    static void clear(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        // Only a directory nobody holds may be touched: otherwise the postmaster belongs to a live owner.
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(ZONKY_LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(channel, dataDirectory)) {
            Optional<Long> pid = readPid(pidFile);
            if (pid.isEmpty()) {
                return; // unreadable or half-written: leave the decision to Postgres itself
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
            if (process.isEmpty()) {
                return; // dead PID: Postgres detects and removes such a stale pid file on its own
            }
            if (runsIn(pid.get(), dataDirectory)) {
                stopOrphan(process.get(), dataDirectory);
            } else {
                LOG.warn("Removing stale {} in {}: PID {} now belongs to an unrelated process",
                        PID_FILE, dataDirectory, pid.get());
                Files.deleteIfExists(pidFile);
            }
        }
    }

    private static FileLock tryLock(FileChannel channel, Path dataDirectory) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("Postgres data directory " + dataDirectory
                    + " is in use by another embedded Postgres (this or another process)");
        }
        return lock;
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Could not read {}", pidFile, e);
            return Optional.empty();
        }
    }

    /** Every Postgres process chdirs into its data directory, which identifies it reliably on Linux. */
    private static boolean runsIn(long pid, Path dataDirectory) {
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
            return Files.isSameFile(cwd, dataDirectory);
        } catch (IOException | UnsupportedOperationException e) {
            // No /proc or no permission: assume it is ours, stopping is safer than deleting the pid file.
            LOG.debug("Could not inspect process {}", pid, e);
            return true;
        }
    }

    private static void stopOrphan(ProcessHandle postmaster, Path dataDirectory) {
        LOG.warn("Stopping orphaned postmaster (PID {}) left running in {} by a previous process",
                postmaster.pid(), dataDirectory);
        // SIGTERM is Postgres' "smart" shutdown: with its owner gone there are no clients to wait for.
        postmaster.destroy();
        if (!awaitExit(postmaster)) {
            postmaster.destroyForcibly();
            if (!awaitExit(postmaster)) {
                throw new IllegalStateException("Orphaned postmaster " + postmaster.pid() + " did not stop");
            }
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping postmaster " + process.pid(), e);
        } catch (ExecutionException e) {
            throw new UncheckedIOException(new IOException(e.getCause()));
        }
    }
}
