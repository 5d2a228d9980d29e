import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * CPU time used by the three parties sharing the machine — this client, the Plinth JVM and the
 * embedded PostgreSQL (postmaster and its backends) — from /proc; zero where /proc is missing.
 */
final class CpuMeter {

    /**
     * CPU seconds of each party, of Plinth's JIT compiler threads (part of plinth), and of the
     * whole machine (every process, from /proc/stat).
     */
    record Usage(double client, double plinth, double postgres, double jit, double machine) {
        Usage minus(Usage earlier) {
            return new Usage(client - earlier.client, plinth - earlier.plinth, postgres - earlier.postgres,
                    jit - earlier.jit, machine - earlier.machine);
        }

        double total() {
            return client + plinth + postgres;
        }

        /** CPU seconds used by processes other than these three: builds, tests, other benchmarks. */
        double others() {
            return Math.max(0, machine - total());
        }

        /** The share of Plinth's CPU its JIT compiler threads took. */
        double jitShare() {
            return plinth > 0 ? jit / plinth : 0;
        }
    }

    /** The JIT compiler's largest share of Plinth's CPU in a slice or a measurement that counts as compiled. */
    static final double JIT_SETTLED = 0.10;
    /** How many times a measurement the JIT compiler took more than that in is taken again. */
    private static final int MAX_REMEASURES = 2;

    private final long plinthPid;
    private final long postmasterPid;
    private final double ticksPerSecond = ticksPerSecond();

    CpuMeter(long plinthPid, long postmasterPid) {
        this.plinthPid = plinthPid;
        this.postmasterPid = postmasterPid;
    }

    /** A stretch of unmeasured load, run by the benchmark for the given number of seconds. */
    interface Load {
        void run(int seconds) throws Exception;
    }

    /** One measurement of the benchmark. */
    interface Measurement<T> {
        T take() throws Exception;
    }

    /**
     * Takes the measurement, and again (at most twice, saying so on the console) while the JIT
     * compiler took more than {@link #JIT_SETTLED} of Plinth's CPU in it: a quiet slice in
     * {@link #settleJit} does not prove the compiler done — on two busy cores its queue drains
     * slowly — and a window it was still busy in priced Plinth half-compiled.
     */
    <T> T measureCompiled(Measurement<T> measurement, Function<T, Usage> usage) throws Exception {
        T result = measurement.take();
        for (int again = 0; again < MAX_REMEASURES && usage.apply(result).jitShare() > JIT_SETTLED; again++) {
            System.out.printf(Locale.ROOT, "JIT took %.0f%% of Plinth's CPU, measuring again ... ",
                    100 * usage.apply(result).jitShare());
            System.out.flush();
            result = measurement.take();
        }
        return result;
    }

    /**
     * Runs {@code load} in slices of {@code slice} seconds until the JIT compiler used at most a
     * tenth of Plinth's CPU in the last slice, or for at most {@code maxSeconds}; returns the seconds
     * it took. A fresh JVM on two cores compiles for minutes, and each workload takes paths of its
     * own: measured while C2 still compiles them, a figure reports the compiler, not Plinth.
     */
    int settleJit(int maxSeconds, int slice, Load load) throws Exception {
        int spent = 0;
        while (spent < maxSeconds) {
            Usage before = sample();
            load.run(slice);
            spent += slice;
            Usage used = sample().minus(before);
            if (used.jitShare() <= JIT_SETTLED) {
                break;
            }
        }
        return spent;
    }

    Usage sample() {
        double postgres = 0;
        if (postmasterPid > 0) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    long[] stat = stat(proc);
                    if (stat != null && (stat[0] == postmasterPid || stat[1] == postmasterPid)) {
                        postgres += stat[2];
                    }
                }
            } catch (IOException | UncheckedIOException notLinux) {
                postgres = 0;
            }
        }
        return new Usage(ticks(ProcessHandle.current().pid()) / ticksPerSecond, ticks(plinthPid) / ticksPerSecond,
                postgres / ticksPerSecond, compilerTicks(plinthPid) / ticksPerSecond,
                machineTicks() / ticksPerSecond);
    }

    /** Ticks of a JVM's JIT compiler threads ("C1 CompilerThread0", "C2 CompilerThread1" …). */
    private static long compilerTicks(long pid) {
        long ticks = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads.toList()) {
                try {
                    String line = Files.readString(thread.resolve("stat"));
                    String name = line.substring(line.indexOf('(') + 1, line.lastIndexOf(')'));
                    if (name.matches("C\\d CompilerThre.*")) {
                        String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended
                }
            }
        } catch (IOException | UncheckedIOException notLinux) {
            return 0;
        }
        return ticks;
    }

    /** Busy ticks of all CPUs together: user, nice, system, irq, softirq and steal from /proc/stat. */
    private static long machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException notLinux) {
            return 0;
        }
    }

    private static long ticks(long pid) {
        long[] stat = stat(Path.of("/proc", Long.toString(pid)));
        return stat == null ? 0 : stat[2];
    }

    /** pid, parent pid and user + system ticks of one process, or null when it is gone. */
    private static long[] stat(Path proc) {
        try {
            String line = Files.readString(proc.resolve("stat"));
            // The command name may contain spaces; the fields after it are fixed.
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(proc.getFileName().toString()), Long.parseLong(f[1]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException | RuntimeException gone) {
            return null;
        }
    }

    private static double ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            return Double.parseDouble(new String(getconf.getInputStream().readAllBytes()).trim());
        } catch (IOException | RuntimeException unknown) {
            return 100;
        }
    }
}
