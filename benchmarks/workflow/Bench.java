import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The workflow benchmark: starts Plinth (embedded PostgreSQL and Kafka, embeddings off), submits a
 * workflow of {@code --steps} no-op {@code call} steps (W1), and starts runs of it in a closed loop
 * at each concurrency level: every client thread starts a run over HTTP, waits until the run has
 * ended, and starts the next. Throughput is counted by the client; run latency and the time each
 * step costs come from the timestamps the engine itself wrote ({@code orchestrator.runs},
 * {@code orchestrator.step_attempts}). Prints the figures against the project's bars.
 *
 * <p>Run it with {@code benchmarks/workflow/run.sh} (which builds the jar if needed and puts the
 * PostgreSQL JDBC driver on the class path); {@code --help} lists the parameters.
 *
 * <p>Not a test: it asserts nothing and never runs in {@code ./mvnw verify}.
 */
public class Bench {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Plinth plinth = new Plinth(options);
        if (!options.keepRunning) {
            Runtime.getRuntime().addShutdownHook(new Thread(plinth::stop));
        }
        boolean completed = false;
        try {
            System.out.println(Machine.describe());
            plinth.start();
            Api api = new Api(options.port, Plinth.KEY);
            api.registerApp(Workload.APP);
            api.submit(Workload.APP, Workload.linear(options.steps));
            api.registerApp(Workload.W2_APP);
            api.submit(Workload.W2_APP, Workload.fanOut());
            try (Completions completions = new Completions(plinth.jdbcUrl(), options.pollMillis);
                    Connection db = DriverManager.getConnection(plinth.jdbcUrl());
                    KafkaTimes kafka = new KafkaTimes(plinth.kafkaBootstrap())) {
                ClosedLoop loop = new ClosedLoop(options, api, completions,
                        new CpuMeter(plinth.pid(), plinth.postmasterPid()), new Timings(db, kafka));
                String loadBefore = Machine.loadAverage();
                loop.warmUp();
                List<Result> results = new ArrayList<>();
                for (int concurrency : options.concurrency) {
                    results.add(loop.measure(concurrency));
                }
                String w2 = FanOut.measure(api, db, options.fanoutRuns, options.runTimeout);
                Report.print(options, results, loadBefore, w2, plinth.postgresVersion(db));
            }
            completed = true;
        } finally {
            if (!options.keepRunning || !completed) {
                plinth.stop();
            } else {
                System.out.printf("%nPlinth keeps running on port %d (pid %d), database %s%n", options.port,
                        plinth.pid(), plinth.jdbcUrl());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Parameters

    /** Command-line parameters; see {@link #USAGE}. */
    static final class Options {

        static final String USAGE = """
                usage: run.sh [options] [-- extra Plinth arguments]

                  --seconds S          measured seconds per concurrency level         (20)
                  --concurrency LIST   client threads, one level after another         (1,8,32,64)
                  --warmup S           unmeasured seconds once, before the first level (60)
                  --level-warmup S     unmeasured seconds at each level before it       (3)
                  --jit-settle S       then at most this long, in 5 s slices, until the JIT
                                       used at most 10% of Plinth's CPU in a slice      (60)
                  --steps N            no-op call steps in the W1 workflow              (10)
                  --fanout-runs N      W2 runs (100-branch parallel), one at a time     (20)
                  --poll-ms N          how often, at most, the client asks PostgreSQL which runs
                                       ended; less often when runs take long: every 1/50
                                       of the typical run latency, up to 20 ms         (2)
                  --run-timeout S      a run not ended after this long is an error     (60)
                  --data-dir DIR       Plinth's data directory, deleted and recreated  (benchmarks/workflow/target/data)
                  --port N             Plinth's HTTP port                              (18089)
                  --jar PATH           the Plinth jar                                  (platform-api/target/plinth.jar)
                  --jvm-opt OPT        a JVM option for Plinth, e.g. --jvm-opt -Xmx2g (repeatable)
                  --keep-running       leave Plinth running afterwards (stop it with kill <pid>)
                  -- ARGS              passed to Plinth, e.g. -- --plinth.workflow.engine-concurrency=4
                """;

        int seconds = 20;
        List<Integer> concurrency = List.of(1, 8, 32, 64);
        int warmup = 60;
        int levelWarmup = 3;
        int jitSettle = 60;
        int steps = 10;
        int fanoutRuns = 20;
        int pollMillis = 2;
        int runTimeout = 60;
        Path dataDir = Path.of("benchmarks/workflow/target/data");
        int port = 18089;
        Path jar = Path.of("platform-api/target/plinth.jar");
        boolean keepRunning;
        List<String> plinthArgs = new ArrayList<>();
        List<String> jvmOpts = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--")) {
                    o.plinthArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
                    break;
                }
                switch (arg) {
                    case "--seconds" -> o.seconds = (int) positive(arg, args, ++i);
                    case "--concurrency" -> o.concurrency = levels(value(arg, args, ++i));
                    case "--warmup" -> o.warmup = (int) nonNegative(arg, args, ++i);
                    case "--level-warmup" -> o.levelWarmup = (int) nonNegative(arg, args, ++i);
                    case "--jit-settle" -> o.jitSettle = (int) nonNegative(arg, args, ++i);
                    case "--steps" -> o.steps = (int) positive(arg, args, ++i);
                    case "--fanout-runs" -> o.fanoutRuns = (int) positive(arg, args, ++i);
                    case "--poll-ms" -> o.pollMillis = (int) positive(arg, args, ++i);
                    case "--run-timeout" -> o.runTimeout = (int) positive(arg, args, ++i);
                    case "--data-dir" -> o.dataDir = Path.of(value(arg, args, ++i));
                    case "--port" -> o.port = (int) positive(arg, args, ++i);
                    case "--jar" -> o.jar = Path.of(value(arg, args, ++i));
                    case "--jvm-opt" -> o.jvmOpts.add(value(arg, args, ++i));
                    case "--keep-running" -> o.keepRunning = true;
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        System.exit(0);
                    }
                    default -> fail("unknown option " + arg);
                }
            }
            return o;
        }

        private static List<Integer> levels(String text) {
            try {
                List<Integer> levels = Arrays.stream(text.split(",")).map(String::trim).map(Integer::parseInt).toList();
                if (!levels.isEmpty() && levels.stream().allMatch(l -> l > 0)) {
                    return levels;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            fail("--concurrency needs positive whole numbers separated by commas, not '" + text + "'");
            return List.of();
        }

        private static String value(String name, String[] args, int i) {
            if (i >= args.length) {
                fail(name + " needs a value");
            }
            return args[i];
        }

        private static long nonNegative(String name, String[] args, int i) {
            String text = value(name, args, i).replace("_", "");
            try {
                long value = Long.parseLong(text);
                if (value >= 0) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            fail(name + " needs a whole number, not '" + text + "'");
            return 0;
        }

        private static long positive(String name, String[] args, int i) {
            long value = nonNegative(name, args, i);
            if (value == 0) {
                fail(name + " must be at least 1");
            }
            return value;
        }

        static void fail(String message) {
            System.err.println("bench: " + message);
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The Plinth process

    /** Plinth started from its jar on a fresh benchmark data directory, with embeddings off. */
    static final class Plinth {

        /** A preset admin key: the data directory is the benchmark's own, never a real installation's. */
        static final String KEY = "plk_benchmarkworkflw_" + "benchmarkonlykeynotasecret".concat("0".repeat(14));
        private static final Pattern JDBC = Pattern.compile("Started embedded PostgreSQL \\d+ at (jdbc:postgresql://\\S+)");
        private static final Pattern KAFKA = Pattern.compile("Started embedded Kafka \\(KRaft\\) at (\\S+)");
        private static final String MARKER = "plinth-workflow-benchmark";

        private final Options options;
        private Process process;
        private String jdbcUrl;
        private String kafkaBootstrap;

        Plinth(Options options) {
            this.options = options;
        }

        void start() throws IOException, InterruptedException {
            if (!Files.isRegularFile(options.jar)) {
                throw new IllegalStateException("no Plinth jar at " + options.jar + "; build it with ./mvnw -q -DskipTests package");
            }
            prepareDataDir();
            Path log = options.dataDir.resolve("plinth.log");
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(options.jvmOpts);
            command.addAll(List.of("-jar", options.jar.toString(),
                    "--plinth.data-dir=" + options.dataDir.toAbsolutePath(),
                    "--plinth.bootstrap.admin-key=" + KEY,
                    "--server.port=" + options.port,
                    "--plinth.memory.embeddings.provider=none"));
            command.addAll(options.plinthArgs);
            System.out.printf("Starting Plinth on port %d, data in %s (log: %s), JVM options: %s%n", options.port,
                    options.dataDir, log, String.join(" ", options.jvmOpts));
            if (!options.plinthArgs.isEmpty()) {
                System.out.println("Extra Plinth arguments: " + String.join(" ", options.plinthArgs));
            }
            long started = System.nanoTime();
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + options.port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Plinth exited with " + process.exitValue() + "; last log lines:\n"
                            + tail(log, 30));
                }
                if (System.nanoTime() - started > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("Plinth was not ready within 5 minutes; see " + log);
                }
                try {
                    if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(500);
            }
            Matcher url = JDBC.matcher(Files.readString(log));
            if (!url.find()) {
                throw new IllegalStateException("Plinth is not using its embedded PostgreSQL (no JDBC URL in " + log
                        + "); the benchmark reads the engine's timings there");
            }
            jdbcUrl = url.group(1);
            Matcher kafka = KAFKA.matcher(Files.readString(log));
            if (!kafka.find()) {
                throw new IllegalStateException("Plinth is not using its embedded Kafka (no address in " + log + ")");
            }
            kafkaBootstrap = kafka.group(1);
            System.out.printf("Plinth ready in %.1f s (pid %d); PostgreSQL at %s%n",
                    (System.nanoTime() - started) / 1e9, process.pid(), jdbcUrl);
        }

        /** Always a fresh directory; only ever deletes a directory this benchmark created. */
        private void prepareDataDir() throws IOException {
            Path dir = options.dataDir;
            Path marker = dir.resolve(MARKER);
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(dir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(marker)) {
                    throw new IllegalStateException(dir + " exists and was not created by this benchmark; "
                            + "choose another --data-dir");
                }
                System.out.println("Deleting the previous benchmark data in " + dir);
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(marker, "Created by benchmarks/workflow; deleted by its next run.\n");
        }

        String jdbcUrl() {
            return jdbcUrl;
        }

        String kafkaBootstrap() {
            return kafkaBootstrap;
        }

        long pid() {
            return process.pid();
        }

        /** The embedded PostgreSQL's postmaster, whose children are the backends serving Plinth. */
        long postmasterPid() {
            try {
                return Long.parseLong(Files.readAllLines(options.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
            } catch (IOException | RuntimeException unknown) {
                return -1;
            }
        }

        String postgresVersion(Connection db) throws SQLException {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("show server_version")) {
                rs.next();
                return "PostgreSQL " + rs.getString(1);
            }
        }

        synchronized void stop() {
            if (process == null || !process.isAlive()) {
                return;
            }
            System.out.println("Stopping Plinth (pid " + process.pid() + ")");
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException interrupted) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private static String javaBinary() {
            return ProcessHandle.current().info().command().orElse("java");
        }

        private static String tail(Path file, int lines) throws IOException {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The workloads

    /** The app definitions the benchmark submits. */
    static final class Workload {

        static final String APP = "wf-bench";
        static final String W1 = "linear";
        static final String W2_APP = "wf-bench-fanout";
        static final int W2_BRANCHES = 100;

        /** W1: {@code steps} no-op call steps in a row. */
        static String linear(int steps) {
            return """
                    apiVersion: plinth.dev/v1
                    kind: App
                    metadata: {name: %s}
                    spec:
                      connectors: {n: {type: noop}}
                      workflows:
                        - name: %s
                          steps:
                    %s""".formatted(APP, W1, IntStream.rangeClosed(1, steps)
                    .mapToObj(i -> "        - {id: s" + i + ", type: call, connector: n}\n")
                    .collect(Collectors.joining()));
        }

        /** W2: one parallel step with 100 branches of one no-op call each. */
        static String fanOut() {
            return """
                    apiVersion: plinth.dev/v1
                    kind: App
                    metadata: {name: %s}
                    spec:
                      connectors: {n: {type: noop}}
                      workflows:
                        - name: fanout
                          steps:
                            - id: fan
                              type: parallel
                              branches:
                    %s""".formatted(W2_APP, IntStream.rangeClosed(1, W2_BRANCHES)
                    .mapToObj(i -> "            - {name: b" + i + ", steps: [{id: c" + i + ", type: call, connector: n}]}\n")
                    .collect(Collectors.joining()));
        }
    }

    /**
     * W2: runs of the 100-branch fan-out, one at a time (a run alone on the engine is what the join
     * latency is about). From the engine's timestamps: the run's latency (created → ended), branch
     * steps per second over the whole series, and the join latency — from the last branch's end
     * to the parallel step's completion (the child's news travelling outbox → Kafka → engine).
     */
    static final class FanOut {

        static String measure(Api api, Connection db, int runs, int timeoutSeconds) throws Exception {
            LongList latency = new LongList();
            LongList join = new LongList();
            int failed = 0;
            long began = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                HttpResponse<String> started = api.client.send(api.post("/api/v1/apps/" + Workload.W2_APP
                        + "/workflows/fanout/runs", "{\"input\":{}}"), HttpResponse.BodyHandlers.ofString());
                Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(started.body());
                if (started.statusCode() != 202 || !id.find()) {
                    return "W2: starting a fan-out run answered " + started.statusCode() + ": " + started.body();
                }
                String status = awaitEnd(db, id.group(1), timeoutSeconds);
                if (!"completed".equals(status)) {
                    failed++;
                    continue;
                }
                try (PreparedStatement query = db.prepareStatement("""
                        select extract(epoch from r.ended_at - r.created_at) * 1e6,
                               extract(epoch from a.ended_at - (select max(c.ended_at) from orchestrator.runs c
                                                                where c.parent_run_id = r.id)) * 1e6
                        from orchestrator.runs r
                        join orchestrator.step_attempts a on a.run_id = r.id and a.step_id = 'fan'
                        where r.id = ?::uuid""")) {
                    query.setString(1, id.group(1));
                    try (ResultSet row = query.executeQuery()) {
                        row.next();
                        latency.add(row.getLong(1));
                        join.add(row.getLong(2));
                    }
                }
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            Percentiles run = new Percentiles(latency);
            Percentiles joins = new Percentiles(join);
            return String.format(Locale.ROOT, """
                    W2 (%d-branch parallel fan-out of no-op calls, joined; %d runs one at a time, %d failed)
                      branch steps/s %.0f | run latency p50 %.1f ms p99 %.1f ms | join latency p50 %.1f ms p99 %.1f ms""",
                    Workload.W2_BRANCHES, runs, failed, (runs - failed) * Workload.W2_BRANCHES / seconds,
                    run.percentile(50), run.percentile(99), joins.percentile(50), joins.percentile(99));
        }

        private static String awaitEnd(Connection db, String runId, int timeoutSeconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            try (PreparedStatement query = db.prepareStatement(
                    "select status from orchestrator.runs where id = ?::uuid")) {
                query.setString(1, runId);
                while (System.nanoTime() < deadline) {
                    try (ResultSet row = query.executeQuery()) {
                        if (row.next() && !"running".equals(row.getString(1))) {
                            return row.getString(1);
                        }
                    }
                    Thread.sleep(5);
                }
            }
            return "timed out";
        }
    }

    /** The HTTP API, as an app calls it. */
    static final class Api {

        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        final String base;
        final String authorization;

        Api(int port, String key) {
            this.base = "http://localhost:" + port;
            this.authorization = "Bearer " + key;
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization);
        }

        HttpRequest post(String path, String json) {
            return request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        }

        void registerApp(String name) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(post("/api/v1/apps", "{\"name\":\"" + name + "\"}"),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("registering app '" + name + "' answered " + response.statusCode()
                        + ": " + response.body());
            }
        }

        void submit(String app, String yaml) throws IOException, InterruptedException {
            HttpResponse<String> response = client.send(request("/api/v1/apps/" + app + "/revisions")
                    .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("submitting the definition of '" + app + "' answered "
                        + response.statusCode() + ": " + response.body());
            }
        }

        /** Starts one W1 run ({@link KeptAlive}). */
        KeptAlive.Answer startRun() throws IOException {
            return KeptAlive.send("POST", base + "/api/v1/apps/" + Workload.APP + "/workflows/" + Workload.W1
                    + "/runs", authorization, "{\"input\":{}}");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Driving the load

    /**
     * Tells client threads when their run has ended. One thread asks PostgreSQL every
     * {@code --poll-ms} which of the outstanding runs are no longer running: one cheap primary-key
     * query however many runs are in flight, instead of every client thread polling the API (at 64
     * threads that would be thousands of GETs a second competing with the engine for the CPUs).
     * How late the client notices an end does not change the latencies reported, which come from
     * the engine's own timestamps; it only delays the next start of that thread by about half a poll.
     * <p>
     * The interval follows the runs: every {@code --poll-ms} at least, but every 1/50 of the typical
     * run latency (a moving average of the latencies the client saw) when that is longer, up to
     * 20 ms. Polling every 2 ms for runs that take half a second made this query PostgreSQL's
     * busiest at concurrency 64 — 36% of its statement time (pg_stat_statements, 2026-12-07):
     * CPU taken from Plinth on a 2-core machine and counted in PostgreSQL's CPU per step. A 50th of
     * a run's time keeps the delay it adds to the closed loop near 1%.
     */
    static final class Completions implements AutoCloseable {

        private final Map<UUID, CompletableFuture<String>> outstanding = new ConcurrentHashMap<>();
        private final Map<UUID, Long> watchedAt = new ConcurrentHashMap<>();
        private final Connection db;
        private final int pollMillis;
        /** Moving average of how long the client waited for a run, in ms (poller thread only). */
        private double typicalMillis;
        private final Thread poller;
        private volatile boolean closed;

        Completions(String jdbcUrl, int pollMillis) throws SQLException {
            this.db = DriverManager.getConnection(jdbcUrl);
            this.pollMillis = pollMillis;
            this.poller = new Thread(this::poll, "run-completions");
            poller.setDaemon(true);
            poller.start();
        }

        CompletableFuture<String> watch(UUID run) {
            watchedAt.putIfAbsent(run, System.nanoTime());
            return outstanding.computeIfAbsent(run, id -> new CompletableFuture<>());
        }

        void forget(UUID run) {
            outstanding.remove(run);
            watchedAt.remove(run);
        }

        /** How long to sleep before the next poll: see the class comment. */
        private long intervalMillis() {
            return Math.max(pollMillis, Math.min(20, Math.round(typicalMillis / 50)));
        }

        private void ended(UUID run) {
            Long since = watchedAt.remove(run);
            if (since != null) {
                double millis = (System.nanoTime() - since) / 1e6;
                typicalMillis = typicalMillis == 0 ? millis : 0.95 * typicalMillis + 0.05 * millis;
            }
        }

        private void poll() {
            try (PreparedStatement ended = db.prepareStatement(
                    "select id, status from orchestrator.runs where id = any(?) and status <> 'running'")) {
                while (!closed) {
                    if (!outstanding.isEmpty()) {
                        Array ids = db.createArrayOf("uuid", outstanding.keySet().toArray());
                        ended.setArray(1, ids);
                        try (ResultSet rs = ended.executeQuery()) {
                            while (rs.next()) {
                                UUID run = rs.getObject(1, UUID.class);
                                ended(run);
                                CompletableFuture<String> future = outstanding.remove(run);
                                if (future != null) {
                                    future.complete(rs.getString(2));
                                }
                            }
                        }
                        ids.free();
                    }
                    Thread.sleep(intervalMillis());
                }
            } catch (SQLException | InterruptedException failure) {
                if (!closed) {
                    System.err.println("bench: watching for ended runs failed: " + failure);
                    outstanding.values().forEach(f -> f.completeExceptionally(failure));
                }
            }
        }

        @Override
        public void close() throws SQLException {
            closed = true;
            try {
                poller.join(1000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            db.close();
        }
    }

    /** What one level produced: the runs that ended in the window, errors, CPU used, timings. */
    record Result(int concurrency, double seconds, int runs, long errors, String firstError, CpuMeter.Usage cpu,
            Timings.Summary timings, String loadAfter) {

        double runsPerSecond() {
            return runs / seconds;
        }

        double stepsPerSecond(int steps) {
            return runs * (double) steps / seconds;
        }
    }

    /** The closed loop: C threads, each starting a run and waiting for its end before starting the next. */
    static final class ClosedLoop {

        private static final Pattern RUN_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

        private final Options options;
        private final Api api;
        private final Completions completions;
        private final CpuMeter cpu;
        private final Timings timings;

        ClosedLoop(Options options, Api api, Completions completions, CpuMeter cpu, Timings timings) {
            this.options = options;
            this.api = api;
            this.completions = completions;
            this.cpu = cpu;
            this.timings = timings;
        }

        void warmUp() throws Exception {
            int concurrency = options.concurrency.stream().max(Integer::compare).orElse(8);
            System.out.printf("Warming up: %d s at concurrency %d (unmeasured)%n", options.warmup, concurrency);
            Phase phase = phase(concurrency, options.warmup);
            System.out.printf(Locale.ROOT, "  %,d runs, %d errors%s%n", phase.ended.size(), phase.errors(),
                    phase.firstError() == null ? "" : "; first: " + phase.firstError());
        }

        Result measure(int concurrency) throws Exception {
            System.out.printf("Concurrency %d: %d s warm-up", concurrency, options.levelWarmup);
            System.out.flush();
            if (options.levelWarmup > 0) {
                phase(concurrency, options.levelWarmup);
            }
            // Each concurrency takes paths of its own (one event per poll at concurrency 1, batches at 64).
            System.out.printf(" + %d s until the JIT settled, %d s measured ... ",
                    cpu.settleJit(options.jitSettle, 5, seconds -> phase(concurrency, seconds)), options.seconds);
            System.out.flush();
            Result result = cpu.measureCompiled(() -> measureOnce(concurrency), Result::cpu);
            System.out.printf(Locale.ROOT, "%,d runs, %,.0f steps/s, run p50 %.1f ms, %d errors%n", result.runs(),
                    result.stepsPerSecond(options.steps), result.timings().run().percentile(50), result.errors());
            if (result.firstError() != null) {
                System.out.println("  first error: " + result.firstError());
            }
            return result;
        }

        private Result measureOnce(int concurrency) throws Exception {
            CpuMeter.Usage before = cpu.sample();
            Phase measured = phase(concurrency, options.seconds);
            CpuMeter.Usage used = cpu.sample().minus(before);
            return new Result(concurrency, measured.seconds, measured.ended.size(), measured.errors(),
                    measured.firstError(), used, timings.of(measured.ended), Machine.loadAverage());
        }

        private record Phase(List<UUID> ended, long[] errorCounts, String[] errorSamples, double seconds) {

            long errors() {
                return Arrays.stream(errorCounts).sum();
            }

            String firstError() {
                return Arrays.stream(errorSamples).filter(e -> e != null).findFirst().orElse(null);
            }
        }

        /**
         * Runs the loop for {@code seconds}. A run counts when it completed before the end of the
         * window; runs still in flight at the end are waited for (so the next phase starts from an
         * idle engine) but not counted.
         */
        private Phase phase(int threads, int seconds) throws Exception {
            List<List<UUID>> ended = new ArrayList<>();
            long[] errors = new long[threads];
            String[] samples = new String[threads];
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(seconds).toNanos();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<UUID> mine = new ArrayList<>();
                ended.add(mine);
                int thread = t;
                futures.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        String failure = runOnce(mine, end);
                        if (failure != null) {
                            errors[thread]++;
                            if (samples[thread] == null) {
                                samples[thread] = failure;
                            }
                            Thread.sleep(10);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            double elapsed = Duration.ofSeconds(seconds).toNanos() / 1e9;
            pool.shutdown();
            return new Phase(ended.stream().flatMap(List::stream).toList(), errors, samples, elapsed);
        }

        /** Starts one run and waits for its end; returns null on success, else what went wrong. */
        private String runOnce(List<UUID> ended, long windowEnd) throws InterruptedException {
            KeptAlive.Answer response;
            try {
                response = api.startRun();
            } catch (IOException failure) {
                return "starting a run: " + failure;
            }
            if (response.status() != 202) {
                return "starting a run answered " + response.status() + ": " + response.text();
            }
            Matcher id = RUN_ID.matcher(response.text());
            if (!id.find()) {
                return "no run id in " + response.body();
            }
            UUID run = UUID.fromString(id.group(1));
            try {
                String status = completions.watch(run).get(options.runTimeout, TimeUnit.SECONDS);
                if (!"completed".equals(status)) {
                    return "run " + run + " ended " + status;
                }
                if (System.nanoTime() < windowEnd) {
                    ended.add(run);
                }
                return null;
            } catch (TimeoutException slow) {
                completions.forget(run);
                return "run " + run + " had not ended after " + options.runTimeout + " s";
            } catch (java.util.concurrent.ExecutionException failure) {
                return "watching run " + run + ": " + failure.getCause();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The engine's own timings

    /**
     * Reads the timestamps the engine wrote for the measured runs — runs.created_at (the start
     * request's transaction) and ended_at, each step attempt's started_at (the attempt and its task
     * written) and ended_at (the result applied) — and the timestamps of the Kafka records in
     * between, which split a step attempt into its hops.
     */
    static final class Timings {

        /** Distributions, in microseconds, of one level's runs and steps. */
        record Summary(Percentiles run, Percentiles gap, Percentiles attempt, Percentiles step, Percentiles first,
                Percentiles finish, Percentiles relay, Percentiles toWorker, Percentiles toEngine,
                Percentiles startRelay) {
        }

        private static final String MICROS = "(extract(epoch from %s) * 1000000)::bigint";

        private final Connection db;
        private final KafkaTimes kafka;

        Timings(Connection db, KafkaTimes kafka) {
            this.db = db;
            this.kafka = kafka;
        }

        Summary of(List<UUID> runs) throws SQLException {
            kafka.catchUp();
            LongList run = new LongList();
            LongList startRelay = new LongList();
            Map<UUID, long[]> bounds = new HashMap<>();
            Array ids = db.createArrayOf("uuid", runs.toArray());
            try (PreparedStatement query = db.prepareStatement("select id, " + MICROS.formatted("created_at") + ", "
                    + MICROS.formatted("ended_at") + " from orchestrator.runs where id = any(?)")) {
                query.setArray(1, ids);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        long[] b = {rs.getLong(2), rs.getLong(3)};
                        bounds.put(id, b);
                        run.add(b[1] - b[0]);
                        Long started = kafka.start(id);
                        if (started != null) {
                            startRelay.add(started - b[0]);
                        }
                    }
                }
            }
            LongList gap = new LongList();
            LongList attempt = new LongList();
            LongList step = new LongList();
            LongList first = new LongList();
            LongList finish = new LongList();
            LongList relay = new LongList();
            LongList toWorker = new LongList();
            LongList toEngine = new LongList();
            try (PreparedStatement query = db.prepareStatement("select run_id, step_id, attempt, "
                    + MICROS.formatted("started_at") + ", " + MICROS.formatted("ended_at")
                    + " from orchestrator.step_attempts where run_id = any(?) order by run_id, started_at, attempt")) {
                query.setArray(1, ids);
                query.setFetchSize(10_000);
                db.setAutoCommit(false);
                UUID current = null;
                long previousEnd = 0;
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        String key = KafkaTimes.key(id.toString(), rs.getString(2), rs.getInt(3));
                        long started = rs.getLong(4);
                        long ended = rs.getLong(5);
                        if (!id.equals(current)) {
                            if (current != null) {
                                finish.add(bounds.get(current)[1] - previousEnd);
                            }
                            current = id;
                            previousEnd = bounds.get(id)[0];
                            first.add(started - previousEnd);
                        }
                        gap.add(started - previousEnd);
                        attempt.add(ended - started);
                        step.add(ended - previousEnd);
                        previousEnd = ended;
                        Long task = kafka.task(key);
                        Long result = kafka.result(key);
                        if (task != null && result != null) {
                            relay.add(task - started);
                            toWorker.add(result - task);
                            toEngine.add(ended - result);
                        }
                    }
                }
                if (current != null) {
                    finish.add(bounds.get(current)[1] - previousEnd);
                }
                db.commit();
                db.setAutoCommit(true);
            }
            ids.free();
            return new Summary(new Percentiles(run), new Percentiles(gap), new Percentiles(attempt),
                    new Percentiles(step), new Percentiles(first), new Percentiles(finish), new Percentiles(relay),
                    new Percentiles(toWorker), new Percentiles(toEngine), new Percentiles(startRelay));
        }
    }

    /**
     * The create timestamps (set by the producer when it sends, millisecond resolution) of the
     * engine's Kafka records (JSON; the relay's come out of jsonb, with a space after each colon): the task of each step attempt (sent by the outbox relay), its result
     * (sent by the worker) and each run's start event (sent by the relay). Read with a consumer of
     * its own that commits nothing and is in no group, so the engine never notices it.
     */
    static final class KafkaTimes implements AutoCloseable {

        private static final String TASKS = "plinth.workflow.tasks";
        private static final String EVENTS = "plinth.workflow.events";
        private static final Pattern RUN = Pattern.compile("\"runId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
        private static final Pattern STEP = Pattern.compile("\"stepId\"\\s*:\\s*\"([^\"]*)\"");
        private static final Pattern ATTEMPT = Pattern.compile("\"attempt\"\\s*:\\s*(\\d+)");
        private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([a-z]+)\"");

        private final org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer;
        private final Map<String, Long> tasks = new HashMap<>();
        private final Map<String, Long> results = new HashMap<>();
        private final Map<UUID, Long> starts = new HashMap<>();
        private boolean assigned;

        KafkaTimes(String bootstrap) {
            // kafka-clients logs through SLF4J; without a provider SLF4J would warn about that on stderr.
            System.setProperty("slf4j.internal.verbosity", "ERROR");
            java.util.Properties props = new java.util.Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("client.id", "workflow-benchmark");
            props.put("enable.auto.commit", "false");
            props.put("max.poll.records", "10000");
            props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
            props.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
            consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(props);
        }

        static String key(String runId, String stepId, int attempt) {
            return runId + "/" + stepId + "/" + attempt;
        }

        /** Microseconds since the epoch, or null when the record was not seen. */
        Long task(String key) {
            return tasks.get(key);
        }

        Long result(String key) {
            return results.get(key);
        }

        Long start(UUID run) {
            return starts.get(run);
        }

        /** Reads every record published since the last call. */
        void catchUp() {
            if (!assigned) {
                List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(TASKS, EVENTS)) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(
                            p -> partitions.add(new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                assigned = true;
            }
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    read(record.topic(), record.value(), record.timestamp() * 1000);
                }
            }
        }

        private void read(String topic, String payload, long micros) {
            Matcher run = RUN.matcher(payload);
            if (!run.find()) {
                return;
            }
            if (topic.equals(EVENTS)) {
                Matcher type = TYPE.matcher(payload);
                String kind = type.find() ? type.group(1) : "";
                if (kind.equals("start")) {
                    starts.putIfAbsent(UUID.fromString(run.group(1)), micros);
                    return;
                }
                if (!kind.equals("result")) {
                    return;
                }
            }
            Matcher step = STEP.matcher(payload);
            Matcher attempt = ATTEMPT.matcher(payload);
            if (step.find() && attempt.find()) {
                (topic.equals(TASKS) ? tasks : results).putIfAbsent(
                        key(run.group(1), step.group(1), Integer.parseInt(attempt.group(1))), micros);
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** Nearest-rank percentiles of a set of microsecond values, reported in milliseconds. */
    static final class Percentiles {

        private final long[] sorted;

        Percentiles(LongList values) {
            this.sorted = values.toArray();
            Arrays.sort(sorted);
        }

        double percentile(double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
        }

        double mean() {
            return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).average().orElse(0) / 1000.0;
        }
    }

    /** A growable array of longs. */
    static final class LongList {

        private long[] values = new long[1 << 12];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Output

    /** The machine the figures were measured on. */
    static final class Machine {

        static String describe() {
            String cpu = grep("/proc/cpuinfo", "model name").orElse("unknown CPU");
            String memory = grep("/proc/meminfo", "MemTotal")
                    .map(kb -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replaceAll("\\D", "")) / 1024.0 / 1024))
                    .orElse("unknown memory");
            return String.format(Locale.ROOT, "Machine: %d CPUs (nproc), %s, %s RAM, %s %s, Java %s",
                    Runtime.getRuntime().availableProcessors(), cpu, memory, System.getProperty("os.name"),
                    System.getProperty("os.arch"), System.getProperty("java.version"));
        }

        static String loadAverage() {
            try {
                String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
                return parts[0] + " " + parts[1] + " " + parts[2];
            } catch (IOException | RuntimeException notLinux) {
                return "unknown";
            }
        }

        private static java.util.Optional<String> grep(String file, String key) {
            try {
                return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
            } catch (IOException | UncheckedIOException notLinux) {
                return java.util.Optional.empty();
            }
        }
    }

    /** The results tables and the bars. */
    static final class Report {

        static void print(Options options, List<Result> results, String loadBefore, String w2, String postgres) {
            int steps = options.steps;
            int cpus = Runtime.getRuntime().availableProcessors();
            System.out.println();
            System.out.println("== Plinth workflow benchmark ==");
            System.out.println(Machine.describe());
            System.out.println("Embedded " + postgres + " and Kafka; embeddings off. Client, Plinth, PostgreSQL and "
                    + "Kafka share the machine.");
            System.out.println("Load average before the warm-up: " + loadBefore
                    + " (well above 0 means something else was using the CPUs and the figures are not comparable)");
            if (!options.plinthArgs.isEmpty()) {
                System.out.println("Plinth arguments: " + String.join(" ", options.plinthArgs));
            }
            System.out.printf("W1: %d no-op call steps in a row; closed loop (each client thread starts a run over HTTP, "
                    + "waits for its end, starts the next); %d s warm-up once, then per level %d s warm-up, up to %d s "
                    + "more until the JIT compiler takes at most 10%% of Plinth's CPU, and %d s measured.%n", steps,
                    options.warmup, options.levelWarmup, options.jitSettle, options.seconds);
            System.out.println();
            String header = String.format("%5s %7s %7s %8s %8s %8s %8s %8s %8s %8s %8s %7s", "conc", "runs", "runs/s",
                    "steps/s", "run p50", "run p99", "step p50", "step p99", "gap p50", "gap p99", "first p50",
                    "errors");
            System.out.println(header);
            System.out.println("-".repeat(header.length()));
            for (Result r : results) {
                Timings.Summary t = r.timings();
                System.out.printf(Locale.ROOT, "%5d %,7d %7.1f %,8.0f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %9.2f %7d%n",
                        r.concurrency(), r.runs(), r.runsPerSecond(), r.stepsPerSecond(steps), t.run().percentile(50),
                        t.run().percentile(99), t.step().percentile(50), t.step().percentile(99),
                        t.gap().percentile(50), t.gap().percentile(99), t.first().percentile(50), r.errors());
            }
            System.out.println("(all times in ms, from the engine's own timestamps)");
            System.out.println("run:   runs.created_at -> ended_at.");
            System.out.println("step:  what one step costs the run: from the previous step's end (the run's created_at "
                    + "for the first step) to this step's end. The noop executor does nothing, so all of it is engine "
                    + "overhead: outbox relay, Kafka to a worker and back, applying the result.");
            System.out.println("gap:   the previous step's ended_at (created_at for the first) -> this step's started_at. "
                    + "Only the first step has a real gap; for the others the result is applied and the next step "
                    + "dispatched in one transaction, so the gap is ~0 and the overhead sits inside the attempt.");
            System.out.println("first: created_at -> first step started (start event through the outbox and Kafka).");
            System.out.println();

            System.out.println("Where the time goes, per step (dispatched -> result applied; last step -> run ended):");
            String where = String.format("%5s %9s %9s %9s %11s %11s %11s %11s %13s %5s %7s", "conc", "att p50",
                    "att p99", "end p50", "client cpu", "plinth cpu", "pg cpu", "total cpu", "cpu-bound at", "jit",
                    "others");
            System.out.println(where);
            System.out.println("-".repeat(where.length()));
            for (Result r : results) {
                Timings.Summary t = r.timings();
                double stepCount = Math.max(1, r.runs() * (double) steps);
                CpuMeter.Usage cpu = r.cpu();
                double total = cpu.total() * 1000 / stepCount;
                System.out.printf(Locale.ROOT,
                        "%5d %9.2f %9.2f %9.2f %8.3f ms %8.3f ms %8.3f ms %8.3f ms %,7.0f st/s %4.0f%% %6.0f%%%n",
                        r.concurrency(), t.attempt().percentile(50), t.attempt().percentile(99),
                        t.finish().percentile(50), cpu.client() * 1000 / stepCount, cpu.plinth() * 1000 / stepCount,
                        cpu.postgres() * 1000 / stepCount, total, cpus * 1000 / total,
                        100 * cpu.jitShare(), 100 * cpu.others() / (r.seconds() * cpus));
            }
            System.out.println("att: a step attempt's started_at -> ended_at; end: the last step's end -> runs.ended_at.");
            System.out.println();
            System.out.println("A step attempt's hops, p50 / p99 (Kafka create timestamps, millisecond resolution):");
            String hops = String.format("%5s %17s %17s %17s %17s", "conc", "relay", "to worker", "to engine",
                    "start relay");
            System.out.println(hops);
            System.out.println("-".repeat(hops.length()));
            for (Result r : results) {
                Timings.Summary t = r.timings();
                System.out.printf(Locale.ROOT, "%5d %8.2f / %6.2f %8.2f / %6.2f %8.2f / %6.2f %8.2f / %6.2f%n",
                        r.concurrency(), t.relay().percentile(50), t.relay().percentile(99),
                        t.toWorker().percentile(50), t.toWorker().percentile(99), t.toEngine().percentile(50),
                        t.toEngine().percentile(99), t.startRelay().percentile(50), t.startRelay().percentile(99));
            }
            System.out.println("relay: attempt started_at -> its task sent by the outbox relay (rest of the engine's "
                    + "transaction, commit, the committed records handed to the relay and sent).");
            System.out.println("to worker: task sent -> result sent by the worker (broker, worker's fetch, executor).");
            System.out.println("to engine: result sent -> result applied (producer linger, broker, engine's fetch, "
                    + "locking the run, updating the attempt).");
            System.out.println("start relay: runs.created_at -> start event sent by the relay.");
            System.out.println("cpu: CPU time per step of this client (HTTP + completion polling), the Plinth JVM (GC, JIT "
                    + "and the in-process Kafka broker included) and PostgreSQL; cpu-bound at = CPUs / total cpu.");
            System.out.println("jit: share of plinth cpu spent by the JIT compiler; well above 10% means Plinth was "
                    + "still warming up (raise --warmup).");
            System.out.println("others: share of the machine's CPU time used by other processes during the level "
                    + "(builds, tests, other benchmarks); well above 0% means the figures are not comparable.");
            System.out.println("Load average after each level: " + results.stream()
                    .map(r -> r.concurrency() + ": " + r.loadAfter()).collect(Collectors.joining("; ")));
            System.out.println();

            Result best = results.stream().max(Comparator.comparingDouble(r -> r.stepsPerSecond(steps))).orElse(null);
            Result one = results.stream().filter(r -> r.concurrency() == 1).findFirst().orElse(null);
            System.out.printf("%-58s %11s %14s  %s%n", "bar (2-core machine)", "target", "measured", "result");
            bar("steps/s at the best concurrency" + (best == null ? "" : " (" + best.concurrency() + ")"), best, 2500,
                    false, r -> r.stepsPerSecond(steps), "/s");
            bar("per-step overhead p50 at concurrency 1 (step)", one, 5, true, r -> r.timings().step().percentile(50),
                    "ms");
            bar("per-step overhead p99 at concurrency 1 (step)", one, 25, true, r -> r.timings().step().percentile(99),
                    "ms");
            bar("  narrow reading, ended -> next started (gap) p50", one, 5, true,
                    r -> r.timings().gap().percentile(50), "ms");
            bar("  narrow reading, ended -> next started (gap) p99", one, 25, true,
                    r -> r.timings().gap().percentile(99), "ms");
            System.out.println("The per-step bars are judged on 'step' (all of a noop step's time is overhead); the "
                    + "narrow 'gap' reading misses the relay and Kafka round trip inside each attempt.");
            System.out.println();
            System.out.println(w2);
        }

        private static void bar(String label, Result r, double limit, boolean atMost,
                java.util.function.Function<Result, Double> measure, String unit) {
            String target = (atMost ? "<= " : ">= ") + format(limit) + " " + unit;
            if (r == null) {
                System.out.printf("%-58s %11s %14s  %s%n", label, target, "-", "not run");
                return;
            }
            double value = measure.apply(r);
            boolean pass = r.errors() == 0 && (atMost ? value <= limit : value >= limit);
            System.out.printf("%-58s %11s %14s  %s%n", label, target, format(value) + " " + unit,
                    pass ? "PASS" : r.errors() > 0 ? "MISS (errors)" : "MISS");
        }

        private static String format(double value) {
            return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
        }
    }
}
