import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The memory benchmark: starts Plinth (embedded PostgreSQL and Kafka, embeddings off), bulk-loads a
 * corpus of users, sessions, messages and facts straight into the {@code memory} schema, then drives
 * the HTTP API in a closed loop at one or more fixed concurrencies, one operation at a time, and prints
 * latency percentiles and throughput against the project's bars at each concurrency.
 *
 * <p>Run it with {@code benchmarks/memory/run.sh} (which builds the jar if needed and puts the
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
            api.registerApp(Corpus.APP);
            Corpus.Loaded corpus;
            try (Connection db = DriverManager.getConnection(plinth.jdbcUrl())) {
                corpus = new Corpus(options, plinth.jdbcUrl()).loadOrReuse(db);
            }
            System.out.println(corpus.describe());
            Workload workload = new Workload(api, corpus);
            String loadBefore = Machine.loadAverage();
            ClosedLoop loop = new ClosedLoop(options, api, new CpuMeter(plinth.pid(), plinth.postmasterPid()));
            loop.warmUp(options.ops.stream().map(workload::operation).toList());
            List<Result> results = new ArrayList<>();
            for (String op : options.ops) {
                for (int concurrency : options.concurrency) {
                    results.add(loop.run(workload.operation(op), concurrency));
                }
            }
            Report.print(options, corpus, results, loadBefore);
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

                  --messages N      messages in the corpus                     (1000000)
                  --sessions N      sessions                                   (messages / 10)
                  --users N         users                                      (messages / 100)
                  --facts N         facts                                      (messages / 20)
                  --concurrency LIST  client threads, comma-separated: each operation is
                                    measured at each of them, in this order  (4,16)
                  --duration S      measured seconds per operation             (20)
                  --warmup S        unmeasured seconds of all operations mixed, once (30)
                  --warmup-requests N  and at least N requests per operation  (15000)
                  --op-warmup S     unmeasured seconds per operation before it (5)
                  --jit-settle S    then at most this long, in 5 s slices, until the JIT
                                    compiler took at most 10% of Plinth's CPU in a slice (60)
                  --ops LIST        operations, comma-separated, in order      (append,context,context-query,search)
                  --data-dir DIR    Plinth's data directory                    (benchmarks/memory/target/data)
                  --reuse           keep the data directory and its corpus from an earlier run
                  --port N          Plinth's HTTP port                         (18088)
                  --jar PATH        the Plinth jar                             (platform-api/target/plinth.jar)
                  --load-workers N  parallel connections for the bulk load     (number of CPUs)
                  --keep-running    leave Plinth running afterwards (stop it with kill <pid>)
                  --jvm-opt OPT     a JVM option for Plinth, e.g. --jvm-opt -Xmx2g (repeatable)
                """;

        long messages = 1_000_000;
        Long sessions;
        Long users;
        Long facts;
        List<Integer> concurrency = List.of(4, 16);
        int duration = 20;
        int warmup = 30;
        int opWarmup = 5;
        long warmupRequests = 15_000;
        int jitSettle = 60;
        List<String> ops = List.of("append", "context", "context-query", "search");
        Path dataDir = Path.of("benchmarks/memory/target/data");
        boolean reuse;
        int port = 18088;
        Path jar = Path.of("platform-api/target/plinth.jar");
        int loadWorkers = Runtime.getRuntime().availableProcessors();
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
                    case "--messages" -> o.messages = positive(arg, args, ++i);
                    case "--sessions" -> o.sessions = positive(arg, args, ++i);
                    case "--users" -> o.users = positive(arg, args, ++i);
                    case "--facts" -> o.facts = nonNegative(arg, args, ++i);
                    case "--concurrency" -> o.concurrency = positives(arg, args, ++i);
                    case "--duration" -> o.duration = (int) positive(arg, args, ++i);
                    case "--warmup" -> o.warmup = (int) nonNegative(arg, args, ++i);
                    case "--op-warmup" -> o.opWarmup = (int) nonNegative(arg, args, ++i);
                    case "--warmup-requests" -> o.warmupRequests = nonNegative(arg, args, ++i);
                    case "--jit-settle" -> o.jitSettle = (int) nonNegative(arg, args, ++i);
                    case "--jvm-opt" -> o.jvmOpts.add(value(arg, args, ++i));
                    case "--ops" -> o.ops = List.of(value(arg, args, ++i).split(","));
                    case "--data-dir" -> o.dataDir = Path.of(value(arg, args, ++i));
                    case "--reuse" -> o.reuse = true;
                    case "--port" -> o.port = (int) positive(arg, args, ++i);
                    case "--jar" -> o.jar = Path.of(value(arg, args, ++i));
                    case "--load-workers" -> o.loadWorkers = (int) positive(arg, args, ++i);
                    case "--keep-running" -> o.keepRunning = true;
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        System.exit(0);
                    }
                    default -> fail("unknown option " + arg);
                }
            }
            for (String op : o.ops) {
                if (!Workload.OPERATIONS.contains(op)) {
                    fail("unknown operation '" + op + "'; choose from " + Workload.OPERATIONS);
                }
            }
            if (o.sessions() > o.messages || o.users() > o.sessions()) {
                fail("need users <= sessions <= messages (every session gets at least one message)");
            }
            return o;
        }

        long sessions() {
            return sessions != null ? sessions : Math.max(1, messages / 10);
        }

        long users() {
            return users != null ? users : Math.max(1, messages / 100);
        }

        long facts() {
            return facts != null ? facts : messages / 20;
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

        /** A comma-separated list of whole numbers of at least 1, e.g. {@code 4,16}. */
        private static List<Integer> positives(String name, String[] args, int i) {
            List<Integer> values = new ArrayList<>();
            for (String part : value(name, args, i).split(",")) {
                try {
                    int value = Integer.parseInt(part.trim().replace("_", ""));
                    if (value >= 1) {
                        values.add(value);
                        continue;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                fail(name + " needs whole numbers of at least 1, comma-separated, not '" + part + "'");
            }
            return List.copyOf(values);
        }

        int maxConcurrency() {
            return concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
        }

        static void fail(String message) {
            System.err.println("bench: " + message);
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The Plinth process

    /** Plinth started from its jar on a benchmark data directory, with embeddings off. */
    static final class Plinth {

        /** A preset admin key: the data directory is the benchmark's own, never a real installation's. */
        static final String KEY = "plk_benchmarkmemory0_" + "benchmarkonlykeynotasecret".concat("0".repeat(14));
        private static final Pattern JDBC = Pattern.compile("Started embedded PostgreSQL \\d+ at (jdbc:postgresql://\\S+)");
        private static final String MARKER = "plinth-memory-benchmark";

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
                        + "); the benchmark loads its corpus there");
            }
            jdbcUrl = url.group(1);
            System.out.printf("Plinth ready in %.1f s (pid %d); PostgreSQL at %s%n",
                    (System.nanoTime() - started) / 1e9, process.pid(), jdbcUrl);
        }

        /** A fresh directory unless --reuse; only ever deletes a directory this benchmark created. */
        private void prepareDataDir() throws IOException {
            Path dir = options.dataDir;
            Path marker = dir.resolve(MARKER);
            if (Files.isDirectory(dir) && !options.reuse) {
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
            if (!Files.exists(marker)) {
                Files.writeString(marker, "Created by benchmarks/memory; deleted by its next run without --reuse.\n");
            }
        }

        String jdbcUrl() {
            return jdbcUrl;
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

        private static String javaBinary() {
            return ProcessHandle.current().info().command().orElse("java");
        }

        private static String tail(Path file, int lines) throws IOException {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The corpus

    /**
     * Bulk-loads the corpus with set-based SQL into the memory schema, as Plinth itself would have
     * stored it: users, sessions (with last_seq = their message count, so API appends continue the
     * sequence), messages and facts. Embeddings are not queued: Plinth runs with the provider off.
     */
    static final class Corpus {

        static final String APP = "bench";
        private static final String[] FACT_KEYS = {"profile.name", "profile.city", "profile.language",
                "profile.timezone", "preference.color", "preference.size", "preference.contact", "preference.brand",
                "preference.diet", "preference.seat", "account.plan", "account.payment", "account.since",
                "shipping.address", "shipping.speed", "device.phone", "device.laptop", "travel.home_airport",
                "travel.airline", "health.allergy", "pet.name", "work.role", "work.company", "family.children"};

        /** What the benchmark works on: the scope and every (user, session) pair. */
        record Loaded(UUID tenantId, UUID appId, long users, long messages, long facts, String[] userIds,
                String[] sessionKeys, double loadSeconds, boolean reused, String postgres, String tableSizes) {

            String describe() {
                return String.format(Locale.ROOT,
                        "Corpus: %,d users, %,d sessions, %,d messages, %,d facts (%s; %s)%n  sizes: %s",
                        users, sessionKeys.length, messages, facts,
                        reused ? "reused from an earlier run" : String.format(Locale.ROOT, "loaded in %.1f s", loadSeconds),
                        postgres, tableSizes);
            }
        }

        private final Options options;
        private final String jdbcUrl;

        Corpus(Options options, String jdbcUrl) {
            this.options = options;
            this.jdbcUrl = jdbcUrl;
        }

        Loaded loadOrReuse(Connection db) throws Exception {
            UUID tenantId;
            UUID appId;
            try (PreparedStatement find = db.prepareStatement("select a.tenant_id, a.id from platform.apps a "
                    + "join platform.tenants t on t.id = a.tenant_id where t.root and a.name = ?")) {
                find.setString(1, APP);
                try (ResultSet rs = find.executeQuery()) {
                    rs.next();
                    tenantId = rs.getObject(1, UUID.class);
                    appId = rs.getObject(2, UUID.class);
                }
            }
            long existing = count(db, "select count(*) from memory.sessions where app_id = ?", appId);
            double seconds = 0;
            if (existing == 0) {
                seconds = load(db, tenantId, appId);
            } else {
                System.out.printf("Reusing the corpus already in %s (%,d sessions)%n", options.dataDir, existing);
            }
            List<String[]> pairs = new ArrayList<>();
            try (PreparedStatement all = db.prepareStatement(
                    "select user_id, session_key from memory.sessions where app_id = ?")) {
                all.setObject(1, appId);
                all.setFetchSize(10_000);
                db.setAutoCommit(false);
                try (ResultSet rs = all.executeQuery()) {
                    while (rs.next()) {
                        pairs.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
                db.commit();
                db.setAutoCommit(true);
            }
            String version;
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("show server_version")) {
                rs.next();
                version = "PostgreSQL " + rs.getString(1);
            }
            return new Loaded(tenantId, appId,
                    count(db, "select count(*) from memory.users where app_id = ?", appId),
                    count(db, "select count(*) from memory.messages where app_id = ?", appId),
                    count(db, "select count(*) from memory.facts where app_id = ?", appId),
                    pairs.stream().map(p -> p[0]).toArray(String[]::new),
                    pairs.stream().map(p -> p[1]).toArray(String[]::new), seconds, existing > 0, version,
                    sizes(db));
        }

        private double load(Connection db, UUID tenant, UUID app) throws Exception {
            long messages = options.messages;
            long sessions = options.sessions();
            long users = options.users();
            long facts = options.facts();
            System.out.printf("Loading %,d users, %,d sessions, %,d messages, %,d facts (%d load workers)%n",
                    users, sessions, messages, facts, options.loadWorkers);
            long started = System.nanoTime();

            step("users", () -> update(db, """
                    insert into memory.users (tenant_id, app_id, user_id, first_seen, last_seen)
                    select ?, ?, 'user-' || lpad(g::text, 6, '0'), now() - interval '120 days', now() - interval '1 hour'
                    from generate_series(1, ?) g""", tenant, app, users));

            // Message counts per session: the gaps between sessions-1 random cut points in 1..messages,
            // so they sum to exactly `messages`, each is at least 1, and they are spread like a geometric
            // distribution (most sessions short, a long tail of long ones).
            step("sessions", () -> update(db, """
                    with cuts as (
                        select x from generate_series(1, ?::bigint - 1) x order by random() limit ?::bigint - 1
                    ), bounds as (
                        select x from cuts union all select ?::bigint
                    ), counts as (
                        select row_number() over (order by x) as j, x - coalesce(lag(x) over (order by x), 0) as n
                        from bounds
                    )
                    insert into memory.sessions (tenant_id, app_id, user_id, session_key, metadata, last_seq,
                                                 created_at, updated_at)
                    select ?, ?, 'user-' || lpad((1 + floor(random() * ?))::int::text, 6, '0'),
                           'sess-' || lpad(j::text, 7, '0'),
                           jsonb_build_object('channel', (array['web', 'ios', 'android', 'email'])[1 + floor(random() * 4)::int]),
                           n, t, t + n * interval '45 seconds'
                    from counts, lateral (select now() - interval '90 days' * random() - n * interval '45 seconds' as t
                                          where n > 0) started""",
                    messages, sessions, messages, tenant, app, users));

            loadMessages(db, tenant, app);

            step("facts", () -> {
                long n = update(db, """
                        with facts as (
                            select g, 1 + (g - 1) % ?::bigint as u, 1 + (g - 1) / ?::bigint as rank from generate_series(1, ?) g
                        ), keyed as (
                            select g, u, (?::text[])[1 + (rank - 1) % ?] || case when rank > ? then '.' || rank else '' end as k
                            from facts
                        )
                        insert into memory.facts (tenant_id, app_id, user_id, fact_key, text, category, source_kind,
                                                  valid_from)
                        select ?, ?, 'user-' || lpad(u::text, 6, '0'), k, sentence.text, split_part(k, '.', 1), 'api',
                               now() - interval '90 days' * random()
                        from keyed, lateral (""" + Words.SENTENCE_SQL.formatted("4 + floor(random() * 11)::int + 0 * g")
                                + ") sentence", users, users, facts, FACT_KEYS, FACT_KEYS.length, FACT_KEYS.length,
                        tenant, app, Words.array());
                // A few app-wide facts (user id ''), which context assembly considers for every user.
                return n + update(db, """
                        insert into memory.facts (tenant_id, app_id, user_id, fact_key, text, category, source_kind, valid_from)
                        select ?, ?, '', 'policy.' || g, sentence.text, 'policy', 'api', now() - interval '100 days'
                        from generate_series(1, 10) g, lateral (""" + Words.SENTENCE_SQL.formatted("8 + 0 * g") + ") sentence",
                        tenant, app, Words.array());
            });

            step("vacuum analyze + checkpoint", () -> {
                try (Statement st = db.createStatement()) {
                    for (String table : List.of("users", "sessions", "messages", "facts")) {
                        st.execute("vacuum analyze memory." + table);
                    }
                    st.execute("checkpoint");
                }
                return 0;
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "Loaded in %.1f s%n", seconds);
            return seconds;
        }

        /**
         * Messages are generated in parallel, one session-id range per connection, with the secondary
         * indexes dropped first and rebuilt from their own definitions afterwards: building a GIN index
         * once is far cheaper than maintaining it row by row. The schema ends up exactly as Flyway made it.
         */
        private void loadMessages(Connection db, UUID tenant, UUID app) throws Exception {
            Map<String, String> indexes = new LinkedHashMap<>();
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("""
                    select indexname, indexdef from pg_indexes
                    where schemaname = 'memory' and tablename = 'messages' and indexname <> 'messages_pkey'
                    order by indexname""")) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), rs.getString(2));
                }
            }
            try {
                step("drop message indexes " + indexes.keySet(), () -> {
                    try (Statement st = db.createStatement()) {
                        for (String name : indexes.keySet()) {
                            st.execute("drop index memory." + name);
                        }
                    }
                    return indexes.size();
                });
                long[] range = new long[2];
                try (PreparedStatement ps = db.prepareStatement(
                        "select min(id), max(id) from memory.sessions where app_id = ?")) {
                    ps.setObject(1, app);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        range[0] = rs.getLong(1);
                        range[1] = rs.getLong(2);
                    }
                }
                int workers = options.loadWorkers;
                long span = (range[1] - range[0]) / workers + 1;
                step("messages", () -> parallel(workers, w -> {
                    long from = range[0] + w * span;
                    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                        return update(c, """
                                insert into memory.messages (session_id, seq, tenant_id, app_id, user_id, role, content,
                                                             metadata, tokens, created_at)
                                select s.id, g.seq, s.tenant_id, s.app_id, s.user_id,
                                       case when g.seq % 2 = 1 then 'user' else 'assistant' end,
                                       sentence.text, '{}'::jsonb, ceil(length(sentence.text) / 4.0)::int,
                                       s.created_at + (g.seq * 45 + random() * 30) * interval '1 second'
                                from memory.sessions s
                                cross join lateral generate_series(1, s.last_seq) g(seq)
                                cross join lateral (""" + Words.SENTENCE_SQL.formatted(
                                "case when g.seq % 2 = 1 then 6 + floor(random() * 25)::int "
                                        + "else 15 + floor(random() * 76)::int end") + """
                                ) sentence
                                where s.app_id = ? and s.id between ? and ?""",
                                Words.array(), app, from, from + span - 1);
                    }
                }));
            } finally {
                List<String> definitions = new ArrayList<>(indexes.values());
                step("rebuild message indexes", () -> parallel(Math.min(options.loadWorkers, definitions.size()), w -> {
                    long built = 0;
                    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement st = c.createStatement()) {
                        st.execute("set maintenance_work_mem = '512MB'");
                        for (int i = w; i < definitions.size(); i += Math.min(options.loadWorkers, definitions.size())) {
                            st.execute(definitions.get(i).replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"));
                            built++;
                        }
                    }
                    return built;
                }));
            }
        }

        private static long parallel(int workers, SqlTask task) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(workers);
            try {
                List<Future<Long>> futures = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    int worker = w;
                    futures.add(pool.submit((Callable<Long>) () -> task.run(worker)));
                }
                long total = 0;
                for (Future<Long> future : futures) {
                    total += future.get();
                }
                return total;
            } finally {
                pool.shutdownNow();
            }
        }

        interface SqlTask {
            long run(int worker) throws Exception;
        }

        interface Step {
            long run() throws Exception;
        }

        private static void step(String name, Step step) throws Exception {
            long started = System.nanoTime();
            long rows = step.run();
            System.out.printf(Locale.ROOT, "  %-60s %,12d rows %8.1f s%n", name, rows, (System.nanoTime() - started) / 1e9);
        }

        private static long update(Connection db, String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    Object p = params[i];
                    if (p instanceof String[] strings) {
                        ps.setArray(i + 1, db.createArrayOf("text", strings));
                    } else {
                        ps.setObject(i + 1, p);
                    }
                }
                return ps.executeLargeUpdate();
            }
        }

        private static long count(Connection db, String sql, UUID app) throws SQLException {
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                ps.setObject(1, app);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private static String sizes(Connection db) throws SQLException {
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("""
                    select c.relname, pg_size_pretty(pg_table_size(c.oid)), pg_size_pretty(pg_indexes_size(c.oid))
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'memory' and c.relname in ('sessions', 'messages', 'facts')
                    order by pg_total_relation_size(c.oid) desc""")) {
                List<String> parts = new ArrayList<>();
                while (rs.next()) {
                    parts.add(rs.getString(1) + " " + rs.getString(2) + " + indexes " + rs.getString(3));
                }
                return String.join(", ", parts);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Text

    /**
     * English-ish text: words drawn from a fixed vocabulary, most frequent first, with a Zipf-like
     * (log-uniform rank) distribution, so common words are everywhere and rare ones pick out a few
     * messages — full-text search sees realistic selectivity. The first {@link #FUNCTION_WORDS} words
     * are function words (mostly stop words to PostgreSQL); search terms come from the rest.
     */
    static final class Words {

        static final int FUNCTION_WORDS = 74;
        private static final String[] WORDS = """
            the i you to and a it of is that in my for we this be on can have with not your but are do so me was if
            just at what or will there they about would like as all from get how an when he she our out up no one
            by has them their which been more some then than could any know need want think also time here very now
            order help thanks please account issue problem payment card refund delivery price email password update
            number today tomorrow week month year phone address service support team customer product item package
            shipping return message question answer change check call send work day people make see good new first
            last long great little right old big high different small large next early young important few public
            bad same able use find give tell ask feel try leave put mean keep let begin seem show hear play run
            move live believe bring happen write provide sit stand lose pay meet include continue set learn lead
            understand watch follow stop create speak read allow add spend grow open walk win offer remember love
            consider appear buy wait serve die build stay fall cut reach kill remain suggest raise pass sell
            require report decide pull information system program government company hand part place case point
            group world school country family student night home water room mother area money story fact lot study
            book eye job word business side kind head house friend father power hour game line end member law car
            city community name president minute idea kid body back parent face others level office door health
            person art war history party result morning reason research girl guy moment air teacher force education
            schedule meeting calendar invoice receipt subscription plan upgrade downgrade cancel renew discount
            coupon voucher cart checkout basket wishlist size color colour blue red green black white yellow purple
            orange grey pink brown sweater jacket shirt shoes boots dress jeans trousers socks hat scarf gloves
            coat bag backpack wallet laptop tablet charger cable battery screen keyboard mouse headphones speaker
            camera printer router modem monitor flight hotel booking reservation ticket train bus taxi airport
            station luggage suitcase passport visa trip holiday vacation beach mountain museum restaurant dinner
            lunch breakfast coffee tea wine beer juice pizza pasta salad soup sandwich burger chicken beef pork
            fish rice bread cheese butter milk eggs sugar salt pepper garlic onion tomato potato carrot apple
            banana lemon strawberry chocolate cake cookie dessert recipe oven kitchen doctor appointment pharmacy
            prescription medicine allergy headache fever cough symptom insurance claim policy coverage premium
            deductible hospital clinic dentist therapy exercise workout gym running yoga sleep diet weight vitamin
            protein bank transfer balance loan mortgage interest rate credit debit statement transaction deposit
            withdrawal savings budget expense tax salary bonus pension investment stock fund crypto bitcoin
            exchange fee charge overdraft server database deploy release version bug error crash log exception
            timeout latency query index cache queue cluster node container kubernetes docker pipeline test branch
            merge commit repository review sprint backlog feature endpoint request response token api key secret
            certificate domain dns proxy firewall backup restore migration schema table column row weather rain
            snow wind storm sunny cloudy cold warm hot temperature forecast garden plant flower tree grass seed
            soil fertilizer lawn fence roof window wall floor ceiling heating boiler plumber electrician repair
            leak paint furniture sofa chair desk bed mattress pillow blanket lamp curtain carpet dog cat puppy
            kitten vet food toy leash bird horse pet grooming training collar birthday wedding anniversary gift
            present invitation guest venue music band song playlist concert festival movie film series episode
            season actor director theatre podcast album artist english spanish french german italian japanese
            chinese language lesson course class homework exam grade tutor university college degree thesis essay
            deadline project presentation slides spreadsheet document draft afternoon evening weekend monday
            tuesday wednesday thursday friday saturday sunday january february march april may june july august
            september october november december spring summer autumn winter fast slow cheap expensive broken
            missing wrong late damaged delayed urgent simple easy hard quick happy sorry confused angry frustrated
            grateful excited worried tired busy free available online offline local remote secure private shared
            daily weekly monthly annual london paris berlin madrid rome tokyo seattle boston chicago toronto sydney
            dublin amsterdam vienna prague lisbon munich zurich oslo stockholm alice bob carol david emma frank
            grace henry isabel jack karen liam maria noah olivia peter quinn rachel sam tina tracking courier
            warehouse inventory supplier vendor catalogue model brand warranty guarantee manual instructions setup
            installation configuration settings profile preferences notification alert reminder privacy consent
            login logout signup registration verification code link attachment screenshot photo video file folder
            upload download sync storage contract agreement signature approval manager colleague client partner
            contractor candidate interview onboarding feedback survey rating complaint compliment escalation
            priority status progress estimate quote proposal
                """.trim().split("\\s+");

        /**
         * A correlated sub-select producing one sentence-like text of %s words (an SQL expression that
         * must reference the outer row, or PostgreSQL evaluates it only once) from the word array bound
         * as a parameter.
         */
        static final String SENTENCE_SQL = """
                select upper(left(t, 1)) || substr(t, 2) || '.' as text from (
                    select string_agg(w || case when random() < 0.07 then '.' else '' end, ' ') as t from (
                        select words.a[floor(exp(random() * ln(cardinality(words.a) + 1)))::int] as w
                        from generate_series(1, %s), (select ?::text[] as a) words
                    ) picked
                ) joined""";

        static String[] array() {
            return WORDS;
        }

        static String word(ThreadLocalRandom random) {
            return WORDS[zipf(random, WORDS.length)];
        }

        /** A search term: a content word, not a stop word. */
        static String term(ThreadLocalRandom random) {
            int content = WORDS.length - FUNCTION_WORDS;
            return WORDS[FUNCTION_WORDS + zipf(random, content)];
        }

        static String sentence(ThreadLocalRandom random, int minWords, int maxWords) {
            int n = random.nextInt(minWords, maxWords + 1);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String w = word(random);
                text.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
                text.append(i == n - 1 ? "." : random.nextDouble() < 0.07 ? ". " : " ");
            }
            return text.toString();
        }

        static String terms(ThreadLocalRandom random, int min, int max) {
            return Stream.generate(() -> term(random)).limit(random.nextInt(min, max + 1))
                    .collect(Collectors.joining(" "));
        }

        /** A 0-based rank below n, P(rank r) roughly proportional to 1 / (r + 1). */
        private static int zipf(ThreadLocalRandom random, int n) {
            return (int) Math.floor(Math.exp(random.nextDouble() * Math.log(n + 1))) - 1;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // HTTP

    /** The few Plinth endpoints the benchmark calls. */
    static final class Api {

        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        final String base;
        final String authorization;

        Api(int port, String key) {
            this.base = "http://localhost:" + port;
            this.authorization = "Bearer " + key;
        }

        /** Sends one load request ({@link KeptAlive}). */
        KeptAlive.Answer exchange(Call call) throws IOException {
            return KeptAlive.send(call.method(), base + call.path(), authorization, call.body());
        }

        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization);
        }

        HttpRequest get(String path) {
            return request(path).GET().build();
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

        /** Sum and count of Plinth's own plinth.memory.operation timer for one operation (successes). */
        double[] serverTimer(String operation) {
            try {
                String text = client.send(get("/actuator/prometheus"), HttpResponse.BodyHandlers.ofString()).body();
                double[] sumCount = new double[2];
                for (String line : text.split("\n")) {
                    if (line.startsWith("plinth_memory_operation_seconds_") && line.contains("operation=\"" + operation + "\"")
                            && line.contains("outcome=\"success\"") && line.contains("app=\"" + Corpus.APP + "\"")) {
                        double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                        if (line.startsWith("plinth_memory_operation_seconds_sum")) {
                            sumCount[0] += value;
                        } else if (line.startsWith("plinth_memory_operation_seconds_count")) {
                            sumCount[1] += value;
                        }
                    }
                }
                return sumCount;
            } catch (IOException | InterruptedException | RuntimeException unavailable) {
                return new double[2];
            }
        }

        static String encode(String text) {
            return URLEncoder.encode(text, StandardCharsets.UTF_8);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Workload

    /** One measured operation: how to build a random request, and what a success answers. */
    record Operation(String name, String serverOperation, Function<ThreadLocalRandom, Call> nextRequest) {
    }

    /** One request of the load: method, path and JSON body (null without one). */
    record Call(String method, String path, String body) {
        static Call get(String path) {
            return new Call("GET", path, null);
        }

        static Call post(String path, String body) {
            return new Call("POST", path, body);
        }
    }

    /** The operations, each on a uniformly random existing (user, session) of the corpus. */
    static final class Workload {

        static final List<String> OPERATIONS = List.of("append", "context", "context-query", "search");

        private final Api api;
        private final Corpus.Loaded corpus;

        Workload(Api api, Corpus.Loaded corpus) {
            this.api = api;
            this.corpus = corpus;
        }

        Operation operation(String name) {
            return switch (name) {
                case "append" -> new Operation(name, "message.append", r -> {
                    int i = r.nextInt(corpus.sessionKeys().length);
                    String body = "{\"role\":\"user\",\"content\":\"" + Words.sentence(r, 6, 30)
                            + "\",\"metadata\":{\"source\":\"benchmark\"}}";
                    return Call.post(session(i) + "/messages", body);
                });
                case "context" -> new Operation(name, "context",
                        r -> Call.get(session(r.nextInt(corpus.sessionKeys().length)) + "/context?maxTokens=2000"));
                case "context-query" -> new Operation(name, "context",
                        r -> Call.get(session(r.nextInt(corpus.sessionKeys().length)) + "/context?maxTokens=2000&query="
                                + Api.encode(Words.terms(r, 2, 5))));
                case "search" -> new Operation(name, "search.fulltext", r -> {
                    String user = corpus.userIds()[r.nextInt(corpus.userIds().length)];
                    return Call.get(user(user) + "/search?mode=fulltext&limit=10&q=" + Api.encode(Words.terms(r, 1, 2)));
                });
                default -> throw new IllegalArgumentException(name);
            };
        }

        private String user(String userId) {
            return "/api/v1/apps/" + Corpus.APP + "/memory/users/" + userId;
        }

        private String session(int i) {
            return user(corpus.userIds()[i]) + "/sessions/" + corpus.sessionKeys()[i];
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Measurement

    /** What one operation measured. */
    record Result(String operation, int concurrency, long requests, long errors, double seconds, long[] sortedNanos,
            String firstError, double serverMeanMillis, CpuMeter.Usage cpu) {

        /** CPU milliseconds one request cost a component, or NaN when not measurable. */
        double cpuPerRequest(double seconds) {
            return requests == 0 ? Double.NaN : seconds * 1000 / requests;
        }

        double throughput() {
            return requests / seconds;
        }

        /** Nearest-rank percentile, in milliseconds. */
        double percentile(double p) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * sortedNanos.length) - 1;
            return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
        }

        double max() {
            return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
        }
    }

    /**
     * A closed loop: each client thread sends its next request as soon as the previous one answered,
     * first for the warm-up (not recorded), then for the measured duration. Latency is the time from
     * just before the request is sent to the last byte of the response, by System.nanoTime.
     */
    static final class ClosedLoop {

        private static final int MAX_WARMUP_SECONDS = 300;

        private final Options options;
        private final Api api;
        private final CpuMeter cpu;

        ClosedLoop(Options options, Api api, CpuMeter cpu) {
            this.options = options;
            this.api = api;
            this.cpu = cpu;
        }

        /**
         * All operations mixed, unmeasured: a fresh JVM on two cores needs tens of seconds before the
         * JIT has compiled the request path (C2 compiles a method after some ten thousand calls, so the
         * warm-up also waits for a number of requests per operation), and a per-operation warm-up alone
         * would flatter whichever operation runs last.
         */
        void warmUp(List<Operation> operations) throws Exception {
            if (options.warmup == 0 && options.warmupRequests == 0) {
                return;
            }
            long minRequests = options.warmupRequests * operations.size();
            System.out.printf(Locale.ROOT, "warm-up: all operations mixed for at least %d s and %,d requests (at most "
                    + "%d s) at %d threads ... ", options.warmup, minRequests, MAX_WARMUP_SECONDS, options.maxConcurrency());
            System.out.flush();
            Operation mixed = new Operation("warm-up", null,
                    r -> operations.get(r.nextInt(operations.size())).nextRequest().apply(r));
            Phase phase = phase(mixed, options.maxConcurrency(), options.warmup, minRequests,
                    Math.max(options.warmup, MAX_WARMUP_SECONDS));
            System.out.printf(Locale.ROOT, "%,d requests in %.0f s, %d errors%n",
                    phase.latencies.stream().mapToLong(l -> l.toArray().length).sum(), phase.seconds(), phase.errors());
            if (phase.firstError() != null) {
                System.out.println("  first error: " + phase.firstError());
            }
        }

        Result run(Operation op, int threads) throws Exception {
            System.out.printf("%-14s warm-up %d s, measure %d s at %d threads ... ", op.name(), options.opWarmup,
                    options.duration, threads);
            System.out.flush();
            if (options.opWarmup > 0) {
                phase(op, threads, options.opWarmup);
            }
            System.out.printf("+ %d s until the JIT settled ... ",
                    cpu.settleJit(options.jitSettle, 5, seconds -> phase(op, threads, seconds)));
            System.out.flush();
            Result result = cpu.measureCompiled(() -> measure(op, threads), Result::cpu);
            System.out.printf(Locale.ROOT, "%,d requests, %,.0f req/s, p99 %.1f ms, %d errors%n", result.requests(),
                    result.throughput(), result.percentile(99), result.errors());
            if (result.firstError() != null) {
                System.out.println("  first error: " + result.firstError());
            }
            return result;
        }

        private Result measure(Operation op, int threads) throws Exception {
            double[] serverBefore = api.serverTimer(op.serverOperation());
            CpuMeter.Usage cpuBefore = cpu.sample();
            Phase measured = phase(op, threads, options.duration);
            CpuMeter.Usage cpuUsed = cpu.sample().minus(cpuBefore);
            double[] serverAfter = api.serverTimer(op.serverOperation());
            double serverCount = serverAfter[1] - serverBefore[1];
            double serverMean = serverCount > 0 ? (serverAfter[0] - serverBefore[0]) / serverCount * 1000 : Double.NaN;
            long[] all = measured.latencies.stream().flatMapToLong(l -> Arrays.stream(l.toArray())).sorted().toArray();
            return new Result(op.name(), threads, all.length, measured.errors(), measured.seconds, all,
                    measured.firstError(), serverMean, cpuUsed);
        }

        private record Phase(List<LongList> latencies, long[] errorCounts, String[] errorSamples, double seconds) {

            long errors() {
                return Arrays.stream(errorCounts).sum();
            }

            String firstError() {
                return Arrays.stream(errorSamples).filter(e -> e != null).findFirst().orElse(null);
            }
        }

        private Phase phase(Operation op, int threads, int seconds) throws Exception {
            return phase(op, threads, seconds, 0, seconds);
        }

        /** Runs for at least {@code minSeconds} and {@code minRequests} answers, but no longer than {@code maxSeconds}. */
        private Phase phase(Operation op, int threads, int minSeconds, long minRequests, int maxSeconds)
                throws Exception {
            java.util.concurrent.atomic.LongAdder answered = new java.util.concurrent.atomic.LongAdder();
            List<LongList> latencies = new ArrayList<>();
            long[] errors = new long[threads];
            String[] samples = new String[threads];
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            long end = start + Duration.ofSeconds(minSeconds).toNanos();
            long deadline = start + Duration.ofSeconds(maxSeconds).toNanos();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                LongList mine = new LongList();
                latencies.add(mine);
                int thread = t;
                futures.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= deadline || now >= end && answered.sum() >= minRequests) {
                            break;
                        }
                        Call request = op.nextRequest().apply(random);
                        long sent = System.nanoTime();
                        try {
                            KeptAlive.Answer response = api.exchange(request);
                            long took = System.nanoTime() - sent;
                            answered.increment();
                            if (response.status() / 100 == 2) {
                                mine.add(took);
                            } else {
                                errors[thread]++;
                                if (samples[thread] == null) {
                                    samples[thread] = response.status() + " " + request.method() + " "
                                            + request.path() + " -> " + response.text();
                                }
                            }
                        } catch (IOException failure) {
                            errors[thread]++;
                            if (samples[thread] == null) {
                                samples[thread] = request.method() + " " + request.path() + " -> " + failure;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            return new Phase(latencies, errors, samples, elapsed);
        }
    }

    /** A growable array of longs, one per client thread, so recording a latency never contends. */
    static final class LongList {

        private long[] values = new long[1 << 14];
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
            return String.format(Locale.ROOT, "Machine: %d CPUs (%s), %s RAM, %s %s, Java %s%n",
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

    /** The results table and the bars. */
    static final class Report {

        /** A target from the issue: an operation, a statistic, a limit, and whether lower is better. */
        record Bar(String operation, String label, double limit, boolean atMost, Function<Result, Double> measure,
                String unit) {
        }

        static final List<Bar> BARS = List.of(
                new Bar("append", "append p99", 10, true, r -> r.percentile(99), "ms"),
                new Bar("context", "context p99", 25, true, r -> r.percentile(99), "ms"),
                new Bar("search", "full-text search p95", 50, true, r -> r.percentile(95), "ms"),
                new Bar("context", "context throughput", 1500, false, Result::throughput, "req/s"));

        static void print(Options options, Corpus.Loaded corpus, List<Result> results, String loadBefore) {
            System.out.println();
            System.out.println("== Plinth memory benchmark ==");
            System.out.print(Machine.describe());
            System.out.println("Load average before the warm-up: " + loadBefore
                    + " (well above 0 means something else was using the CPUs)");
            System.out.println(corpus.describe());
            System.out.printf(Locale.ROOT, "Load: closed loop at %s client threads (conc); warm-up of all operations "
                    + "mixed at %d threads (at least %d s and %,d requests per operation), then per operation and "
                    + "concurrency %d s warm-up, up to %d s more until the JIT compiler takes at most 10%% of Plinth's "
                    + "CPU, and %d s measured. Client, Plinth and PostgreSQL share the machine.%n",
                    options.concurrency.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")),
                    options.maxConcurrency(), options.warmup, options.warmupRequests, options.opWarmup,
                    options.jitSettle, options.duration);
            System.out.println("Embeddings: provider=none (no embedding work), so the figures measure the memory store "
                    + "and its HTTP API.");
            System.out.println("Operations: append = POST one message to a random existing session; context = GET "
                    + "context?maxTokens=2000; context-query = the same with query=<2-5 words>; search = GET "
                    + "search?mode=fulltext&limit=10 with 1-2 words, random user.");
            System.out.println();
            String header = String.format("%-14s %5s %10s %10s %9s %9s %9s %9s %8s", "operation", "conc", "requests",
                    "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
            System.out.println(header);
            System.out.println("-".repeat(header.length()));
            for (Result r : results) {
                System.out.printf(Locale.ROOT, "%-14s %5d %,10d %,10.0f %9.2f %9.2f %9.2f %9.1f %8d%n",
                        r.operation(), r.concurrency(), r.requests(), r.throughput(), r.percentile(50), r.percentile(95),
                        r.percentile(99), r.max(), r.errors());
            }
            System.out.println();
            System.out.println("Where the time goes (per successful request):");
            String cpuHeader = String.format("%-14s %5s %10s %12s %12s %12s %12s %14s %5s %7s", "operation", "conc",
                    "server ms",
                    "client cpu", "plinth cpu", "postgres cpu", "total cpu", "cpu-bound at", "jit", "others");
            System.out.println(cpuHeader);
            System.out.println("-".repeat(cpuHeader.length()));
            int cpus = Runtime.getRuntime().availableProcessors();
            for (Result r : results) {
                CpuMeter.Usage cpu = r.cpu();
                double total = r.cpuPerRequest(cpu.client() + cpu.plinth() + cpu.postgres());
                System.out.printf(Locale.ROOT,
                        "%-14s %5d %10.2f %9.2f ms %9.2f ms %9.2f ms %9.2f ms %,10.0f req/s %4.0f%% %6.0f%%%n",
                        r.operation(), r.concurrency(), r.serverMeanMillis(), r.cpuPerRequest(cpu.client()),
                        r.cpuPerRequest(cpu.plinth()), r.cpuPerRequest(cpu.postgres()), total, cpus * 1000 / total,
                        100 * cpu.jitShare(),
                        100 * cpu.others() / (r.seconds() * cpus));
            }
            System.out.println("server ms: mean of Plinth's own plinth.memory.operation timer (the memory store's work, "
                    + "and a write's commit); the rest of the latency is HTTP, security, app lookup, a write's audit "
                    + "entry, JSON and waiting for a CPU.");
            System.out.println("cpu: CPU time of this client, the Plinth JVM (including its GC and JIT) and "
                    + "PostgreSQL; cpu-bound at = CPUs / total cpu, the throughput at which the machine is saturated.");
            System.out.println("jit: share of plinth cpu spent by the JIT compiler during the measurement; well above "
                    + "10% means Plinth was still warming up (raise --jit-settle).");
            System.out.println("others: share of the machine's CPU time used by other processes during the measurement "
                    + "(builds, tests, other benchmarks); well above 0% means the figures are not comparable.");
            System.out.println();
            System.out.println("The bars at each concurrency (a closed loop trades latency for throughput: more client "
                    + "threads than the machine can serve at once only queue):");
            System.out.printf("%-34s %5s %14s %14s  %s%n", "bar", "conc", "target", "measured", "result");
            for (Bar bar : BARS) {
                String target = (bar.atMost() ? "<= " : ">= ") + format(bar.limit()) + " " + bar.unit();
                for (int concurrency : options.concurrency) {
                    Result r = results.stream().filter(x -> x.operation().equals(bar.operation())
                            && x.concurrency() == concurrency).findFirst().orElse(null);
                    if (r == null) {
                        System.out.printf("%-34s %5d %14s %14s  %s%n", bar.label(), concurrency, target, "-",
                                "not run");
                        continue;
                    }
                    double value = bar.measure().apply(r);
                    boolean pass = r.errors() == 0 && (bar.atMost() ? value <= bar.limit() : value >= bar.limit());
                    // In a closed loop the mean latency is the threads divided by the throughput (Little's law).
                    double meanMillis = concurrency / r.throughput() * 1000;
                    // With the mean itself above the bar, the miss is the queue of client threads, not a slow tail.
                    String queued = !pass && r.errors() == 0 && bar.atMost() && "ms".equals(bar.unit())
                            && meanMillis >= bar.limit()
                            ? String.format(Locale.ROOT, " (the mean latency alone is %d threads / "
                                    + "%s req/s = %s ms)", concurrency, format(r.throughput()),
                                    format(meanMillis))
                            : "";
                    System.out.printf("%-34s %5d %14s %14s  %s%s%n", bar.label(), concurrency, target,
                            format(value) + " " + bar.unit(), pass ? "PASS" : r.errors() > 0 ? "MISS (errors)" : "MISS",
                            queued);
                }
            }
        }

        private static String format(double value) {
            return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
        }
    }
}
