package dev.plinth.platform.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics catalogue, read from the table between the {@code catalogue:start} and {@code catalogue:end}
 * markers of {@code observability/README.md}: the one list of {@code plinth.*} meters that tests hold
 * the exposition, the dashboards and the alert rules to.
 */
record Catalogue(List<Entry> entries) {

    /** The repository root, seen from a module's directory (where Maven runs its tests). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path README = ROOT.resolve("observability/README.md");

    /**
     * Standard Spring Boot and Micrometer families that dashboards and rules may use besides the
     * catalogue; the README lists the same prefixes.
     */
    static final List<String> STANDARD_PREFIXES = List.of("http_server_requests_", "jvm_", "process_", "system_",
            "hikaricp_", "jdbc_", "kafka_", "spring_kafka_", "executor_", "logback_", "tomcat_", "disk_",
            "application_");
    static final Set<String> STANDARD_NAMES = Set.of("up");

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** One meter: its Micrometer name, Prometheus base name, type and tag keys. */
    record Entry(String meter, String prometheus, String type, Set<String> tags) {

        /** The sample names Prometheus exposes for this meter. */
        Set<String> sampleNames() {
            return switch (type) {
                case "timer" -> Set.of(prometheus + "_count", prometheus + "_sum", prometheus + "_max",
                        prometheus + "_bucket");
                case "counter", "gauge" -> Set.of(prometheus);
                default -> throw new IllegalStateException("Unknown meter type " + type + " of " + meter);
            };
        }
    }

    static Catalogue read() {
        String text;
        try {
            text = Files.readString(README);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        String table = text.substring(text.indexOf("<!-- catalogue:start -->"), text.indexOf("<!-- catalogue:end -->"));
        List<Entry> entries = new ArrayList<>();
        for (String line : table.lines().toList()) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("\\|", -1)).map(String::trim).toArray(String[]::new);
            // cells[0] is the empty text before the first '|'.
            entries.add(new Entry(code(cells[1]).get(0), code(cells[2]).get(0), cells[3],
                    new LinkedHashSet<>(code(cells[5]))));
        }
        return new Catalogue(List.copyOf(entries));
    }

    /** Every sample name of every catalogued meter. */
    Set<String> sampleNames() {
        Set<String> names = new LinkedHashSet<>();
        entries.forEach(entry -> names.addAll(entry.sampleNames()));
        return names;
    }

    /** The catalogued meter that exposes {@code sampleName}, or null. */
    Entry bySample(String sampleName) {
        return entries.stream().filter(entry -> entry.sampleNames().contains(sampleName)).findFirst().orElse(null);
    }

    /** True when a dashboard or rule may use this metric name: catalogued, or a standard family. */
    boolean allows(String metric) {
        return sampleNames().contains(metric) || STANDARD_NAMES.contains(metric)
                || STANDARD_PREFIXES.stream().anyMatch(metric::startsWith);
    }

    private static List<String> code(String cell) {
        List<String> values = new ArrayList<>();
        Matcher matcher = CODE.matcher(cell);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }
}
