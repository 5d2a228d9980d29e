import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The console benchmark: starts Plinth (embedded PostgreSQL and Kafka) on a fresh data directory,
 * runs a few real workflow runs through the API, bulk-loads copies of them (100,000 runs by default,
 * with their step attempts) straight into the {@code orchestrator} schema, then times the API calls
 * each console page makes, page by page, and prints p50 / p95 / max per page.
 *
 * <p>Run it with {@code benchmarks/console/run.sh}; {@code --help} lists the parameters. Not a test:
 * it asserts nothing and never runs in {@code ./mvnw verify}.
 */
public class Bench {

    static final String APP = "shop";
    static final String DEFINITION = """
            apiVersion: plinth.dev/v1
            kind: App
            metadata: {name: shop}
            spec:
              connectors:
                inventory: {type: echo}
              workflows:
                - name: checkout
                  steps:
                    - {id: reserve, type: call, connector: inventory, with: {sku: "${input.sku}", qty: 2}}
                    - {id: price, type: transform, output: {total: 42, sku: "${steps.reserve.output.sku}"}}
                    - {id: done, type: succeed, output: "${steps.price.output}"}
                - name: refund
                  steps:
                    - {id: done, type: succeed}
                - name: audit
                  steps:
                    - {id: done, type: succeed}
            """;

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Plinth plinth = new Plinth(options);
        Runtime.getRuntime().addShutdownHook(new Thread(plinth::stop));
        try {
            System.out.print(machine());
            plinth.start();
            Api api = new Api(options.port, Plinth.KEY);
            String template = api.prepare();
            long loaded = System.nanoTime();
            try (Connection db = DriverManager.getConnection(plinth.jdbcUrl())) {
                load(db, template, options.runs);
            }
            System.out.printf(Locale.ROOT, "Loaded %,d runs (and their step attempts) in %.1f s%n", options.runs,
                    (System.nanoTime() - loaded) / 1e9);
            List<Page> pages = Page.all(api, template);
            for (Page page : pages) {
                page.measure(options.warmup, options.requests);
            }
            report(options, pages);
        } finally {
            if (options.keepRunning) {
                System.out.printf("%nPlinth keeps running on port %d (pid %d)%n", options.port, plinth.pid());
            } else {
                plinth.stop();
            }
        }
    }

    /**
     * Copies the template run (stored by the engine) {@code runs} times with set-based SQL: one every
     * 6 s back from now (about a week), 1 in 100 an audit, 1 in 20 a refund, 1 in 11 failed, 1 in 13
     * running; each copy gets the template's step attempts shifted to its own start.
     */
    static void load(Connection db, String template, int runs) throws Exception {
        try (PreparedStatement copy = db.prepareStatement("""
                with template as (select * from orchestrator.runs where id = ?::uuid),
                fresh as (
                    insert into orchestrator.runs (id, tenant_id, app_id, app_name, definition_id, revision, workflow,
                        status, input, state, output, error, created_at, updated_at, ended_at, environment)
                    select gen_random_uuid(), t.tenant_id, t.app_id, t.app_name, t.definition_id, t.revision,
                        case when i % 100 = 0 then 'audit' when i % 20 = 0 then 'refund' else 'checkout' end,
                        s.status, t.input, t.state, case when s.status = 'completed' then t.output end,
                        case when s.status = 'failed'
                             then '{"type": "connection-error", "message": "inventory unreachable"}'::jsonb end,
                        now() - make_interval(secs => i * 6), now() - make_interval(secs => i * 6 - 1),
                        case when s.status <> 'running' then now() - make_interval(secs => i * 6 - 1) end, t.environment
                    from template t, generate_series(1, ?) i,
                        lateral (select case when i % 13 = 0 then 'running' when i % 11 = 0 then 'failed'
                                             else 'completed' end as status) s
                    returning id, created_at)
                insert into orchestrator.step_attempts (run_id, step_id, attempt, step_type, status, input, output,
                    error, started_at, ended_at, trace_id)
                select f.id, a.step_id, a.attempt, a.step_type, a.status, a.input, a.output, a.error,
                    f.created_at + (a.started_at - t.created_at), f.created_at + (a.ended_at - t.created_at), a.trace_id
                from fresh f cross join template t join orchestrator.step_attempts a on a.run_id = t.id""")) {
            copy.setString(1, template);
            copy.setInt(2, runs);
            copy.executeUpdate();
        }
        try (Statement statement = db.createStatement()) {
            statement.execute("vacuum analyze orchestrator.runs");
            statement.execute("vacuum analyze orchestrator.step_attempts");
            statement.execute("checkpoint");
        }
    }

    /** A console page: the API calls it makes when it opens (concurrently where the page does). */
    record Page(String name, String calls, List<List<String>> rounds, Api api, List<Long> nanos) {

        static Page page(Api api, String name, String calls, List<List<String>> rounds) {
            return new Page(name, calls, rounds, api, new ArrayList<>());
        }

        static List<Page> all(Api api, String template) throws Exception {
            String app = "/api/v1/apps/" + APP;
            String revision = app + "/revisions/1";
            String runs = app + "/runs?limit=25";
            Instant now = Instant.now();
            String lastHour = "&from=" + now.minus(Duration.ofHours(1));
            String aDay = "&from=" + now.minus(Duration.ofDays(3)) + "&to=" + now.minus(Duration.ofDays(2));
            String deep = runs + "&cursor=" + api.cursorAfterPages(runs, 40);
            String someRun = api.firstId(app + "/runs?limit=1&status=failed");
            String run = app + "/runs/" + template;
            List<Page> pages = new ArrayList<>();
            pages.add(page(api, "Overview", "health, stats", List.of(List.of("/actuator/health",
                    "/api/v1/runs/stats?bucket=1m"))));
            pages.add(page(api, "Apps", "apps", List.of(List.of("/api/v1/apps?limit=50"))));
            pages.add(page(api, "App", "app + revisions, then source", List.of(
                    List.of(app, app + "/revisions?limit=200"), List.of(revision + "/source"))));
            String[][] lists = {
                    {"Runs: newest", ""},
                    {"Runs: status failed", "&status=failed"},
                    {"Runs: workflow audit (1%)", "&workflow=audit"},
                    {"Runs: refund + running", "&workflow=refund&status=running"},
                    {"Runs: started last hour", lastHour},
                    {"Runs: a day, 2 days ago", aDay},
                    {"Runs: failed, that day", "&status=failed" + aDay},
                    {"Runs: id prefix (8)", "&id=" + someRun.substring(0, 8)},
                    {"Runs: page 41 (cursor)", null}};
            for (String[] list : lists) {
                String listing = list[1] == null ? deep : runs + list[1];
                pages.add(page(api, list[0], "app, revision, runs", List.of(List.of(app), List.of(revision),
                        List.of(listing))));
            }
            pages.add(page(api, "Run", "run, history, children, timeline", List.of(
                    List.of(run, run + "/history", run + "/children", run + "/timeline"))));
            pages.add(page(api, "Run: live stream", "events (to the first event)", List.of(List.of(run + "/events"))));
            pages.add(page(api, "Deployments", "environments + app, history", List.of(
                    List.of("/api/v1/environments", app), List.of(app + "/deployments?limit=25"))));
            pages.add(page(api, "Memory", "users", List.of(List.of(app + "/memory/users?limit=100"))));
            pages.add(page(api, "Audit", "audit", List.of(List.of("/api/v1/audit?limit=50"))));
            return pages;
        }

        void measure(int warmup, int requests) {
            for (int i = 0; i < warmup + requests; i++) {
                long started = System.nanoTime();
                for (List<String> round : rounds) {
                    CompletableFuture.allOf(round.stream().map(path -> api.fetch(path))
                            .toArray(CompletableFuture[]::new)).join();
                }
                if (i >= warmup) {
                    nanos.add(System.nanoTime() - started);
                }
            }
            nanos.sort(Comparator.naturalOrder());
        }

        double percentile(int p) {
            int index = (int) Math.ceil(p / 100.0 * nanos.size()) - 1;
            return nanos.get(Math.max(0, index)) / 1e6;
        }
    }

    static void report(Options options, List<Page> pages) {
        System.out.printf(Locale.ROOT, "%nConsole pages with %,d runs in one app (%d requests per page after %d warm-up; "
                + "one client; load average %s)%n%n", options.runs, options.requests, options.warmup, loadAverage());
        System.out.printf(Locale.ROOT, "| %-26s | %-36s | %7s | %7s | %7s |%n", "page", "API calls", "p50 ms", "p95 ms",
                "max ms");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(28), "-".repeat(38), "-".repeat(9), "-".repeat(9),
                "-".repeat(9));
        for (Page page : pages) {
            System.out.printf(Locale.ROOT, "| %-26s | %-36s | %7.1f | %7.1f | %7.1f |%n", page.name(), page.calls(),
                    page.percentile(50), page.percentile(95), page.percentile(100));
        }
    }

    /** The API with the benchmark's admin key. */
    static final class Api {

        private static final Pattern CURSOR = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
        private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
        private final HttpClient http = HttpClient.newHttpClient();
        private final String base;
        private final String key;

        Api(int port, String key) {
            this.base = "http://localhost:" + port;
            this.key = key;
        }

        /** Registers the app and runs one checkout through the engine; returns that run's id. */
        String prepare() throws Exception {
            send("POST", "/api/v1/apps", "application/json", "{\"name\":\"" + APP + "\"}", 201);
            send("POST", "/api/v1/apps/" + APP + "/revisions", "application/yaml", DEFINITION, 201);
            String started = send("POST", "/api/v1/apps/" + APP + "/workflows/checkout/runs", "application/json",
                    "{\"input\":{\"sku\":\"A-17\"}}", 202);
            Matcher id = ID.matcher(started);
            id.find();
            String run = "/api/v1/apps/" + APP + "/runs/" + id.group(1);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!send("GET", run, null, null, 200).contains("\"status\":\"completed\"")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the template run did not complete: " + send("GET", run, null, null, 200));
                }
                Thread.sleep(200);
            }
            return id.group(1);
        }

        String cursorAfterPages(String listing, int pages) throws Exception {
            String cursor = null;
            for (int i = 0; i < pages; i++) {
                Matcher next = CURSOR.matcher(send("GET", listing + (cursor == null ? "" : "&cursor=" + cursor), null,
                        null, 200));
                if (!next.find()) {
                    throw new IllegalStateException("fewer than " + pages + " pages");
                }
                cursor = next.group(1);
            }
            return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        }

        String firstId(String listing) throws Exception {
            Matcher id = ID.matcher(send("GET", listing, null, null, 200));
            if (!id.find()) {
                throw new IllegalStateException("no run in " + listing);
            }
            return id.group(1);
        }

        /** One GET as the console makes it; an event stream is read to its first event, then dropped. */
        CompletableFuture<Void> fetch(String path) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                    .header("Accept", path.endsWith("/events") ? "text/event-stream" : "*/*").build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenAccept(response -> {
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(path + " answered " + response.statusCode() + ": "
                                + new String(body.readAllBytes(), StandardCharsets.UTF_8));
                    }
                    if (path.endsWith("/events")) {
                        readFirstEvent(body);
                    } else {
                        body.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                } catch (IOException failure) {
                    throw new java.io.UncheckedIOException(failure);
                }
            });
        }

        private static void readFirstEvent(InputStream body) throws IOException {
            int previous = -1;
            for (int c = body.read(); c != -1; c = body.read()) {
                if (c == '\n' && previous == '\n') {
                    return;
                }
                previous = c;
            }
        }

        String send(String method, String path, String contentType, String body, int expected) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + key);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        }
    }

    static String machine() {
        String cpu = grep("/proc/cpuinfo", "model name");
        return String.format(Locale.ROOT, "Machine: %d CPUs (%s), Java %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.version"), loadAverage());
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }

    private static String grep(String file, String key) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse("unknown");
        } catch (IOException | RuntimeException notLinux) {
            return "unknown";
        }
    }

    /** Command-line parameters; see {@link #USAGE}. */
    static final class Options {

        static final String USAGE = """
                usage: run.sh [options] [-- extra Plinth arguments]

                  --runs N          runs to load into the app                  (100000)
                  --requests N      measured page loads per page                (200)
                  --warmup N        unmeasured page loads per page before them  (50)
                  --data-dir DIR    Plinth's data directory (recreated)         (benchmarks/console/target/data)
                  --port N          Plinth's HTTP port                          (18089)
                  --jar PATH        the Plinth jar                              (platform-api/target/plinth.jar)
                  --keep-running    leave Plinth running afterwards (stop it with kill <pid>)
                  --jvm-opt OPT     a JVM option for Plinth, e.g. --jvm-opt -Xmx1g (repeatable)
                """;

        int runs = 100_000;
        int requests = 200;
        int warmup = 50;
        Path dataDir = Path.of("benchmarks/console/target/data");
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
                    case "--runs" -> o.runs = positive(arg, args, ++i);
                    case "--requests" -> o.requests = positive(arg, args, ++i);
                    case "--warmup" -> o.warmup = Math.max(0, positive(arg, args, ++i));
                    case "--data-dir" -> o.dataDir = Path.of(value(arg, args, ++i));
                    case "--port" -> o.port = positive(arg, args, ++i);
                    case "--jar" -> o.jar = Path.of(value(arg, args, ++i));
                    case "--keep-running" -> o.keepRunning = true;
                    case "--jvm-opt" -> o.jvmOpts.add(value(arg, args, ++i));
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        System.exit(0);
                    }
                    default -> fail("unknown option " + arg);
                }
            }
            if (o.runs < 25 * 41) {
                fail("--runs must be at least 1025 (the deepest page measured is page 41 of 25 runs)");
            }
            return o;
        }

        private static String value(String name, String[] args, int i) {
            if (i >= args.length) {
                fail(name + " needs a value");
            }
            return args[i];
        }

        private static int positive(String name, String[] args, int i) {
            try {
                int value = Integer.parseInt(value(name, args, i).replace("_", ""));
                if (value <= 0) {
                    fail(name + " must be positive");
                }
                return value;
            } catch (NumberFormatException notNumber) {
                fail(name + " needs a number");
                return 0;
            }
        }

        private static void fail(String message) {
            System.err.println(message);
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    /** Plinth from its jar on the benchmark's own data directory. */
    static final class Plinth {

        /** A preset admin key: the data directory is the benchmark's own, never a real installation's. */
        static final String KEY = "plk_benchmarkconsole_" + "benchmarkonlykeynotasecret".concat("0".repeat(14));
        private static final Pattern JDBC = Pattern.compile("Started embedded PostgreSQL \\d+ at (jdbc:postgresql://\\S+)");
        private static final String MARKER = "plinth-console-benchmark";

        private final Options options;
        private Process process;
        private String jdbcUrl;

        Plinth(Options options) {
            this.options = options;
        }

        void start() throws IOException, InterruptedException {
            if (!Files.isRegularFile(options.jar)) {
                throw new IllegalStateException("no Plinth jar at " + options.jar + "; build it with ./mvnw -q -DskipTests package");
            }
            prepareDataDir();
            Path log = options.dataDir.resolve("plinth.log");
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
            command.addAll(options.jvmOpts);
            command.addAll(List.of("-jar", options.jar.toString(), "--plinth.data-dir=" + options.dataDir.toAbsolutePath(),
                    "--plinth.bootstrap.admin-key=" + KEY, "--server.port=" + options.port,
                    "--plinth.memory.embeddings.provider=none"));
            command.addAll(options.plinthArgs);
            System.out.printf("Starting Plinth on port %d, data in %s (log: %s), JVM options: %s%n", options.port,
                    options.dataDir, log, String.join(" ", options.jvmOpts));
            long started = System.nanoTime();
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + options.port
                    + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Plinth exited with " + process.exitValue() + "; see " + log);
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
                        + "); the benchmark loads its runs there");
            }
            jdbcUrl = url.group(1);
            System.out.printf(Locale.ROOT, "Plinth ready in %.1f s (pid %d)%n", (System.nanoTime() - started) / 1e9,
                    process.pid());
        }

        /** A fresh directory each run; only ever deletes a directory this benchmark created. */
        private void prepareDataDir() throws IOException {
            Path dir = options.dataDir;
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(dir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw new IllegalStateException(dir + " exists and was not created by this benchmark; "
                            + "choose another --data-dir");
                }
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "Created by benchmarks/console; deleted by its next run.\n");
        }

        String jdbcUrl() {
            return jdbcUrl;
        }

        long pid() {
            return process.pid();
        }

        synchronized void stop() {
            if (process == null || !process.isAlive()) {
                return;
            }
            System.out.println("Stopping Plinth (pid " + process.pid() + ")");
            process.destroy();
            try {
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException interrupted) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
