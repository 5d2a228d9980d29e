package dev.plinth.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards in {@code observability/grafana/dashboards}: every panel's and variable's
 * PromQL may only select metrics of the catalogue or the standard families it lists.
 */
class DashboardsTest {

    static final Path DASHBOARDS = Catalogue.ROOT.resolve("observability/grafana/dashboards");
    static final JsonMapper JSON = JsonMapper.builder().build();

    final Catalogue catalogue = Catalogue.read();

    @Test
    void theFiveDashboardsExistWithUniqueIds() throws IOException {
        List<JsonNode> dashboards = dashboards();
        assertThat(dashboards).extracting(dashboard -> dashboard.path("title").asString()).containsExactlyInAnyOrder(
                "Plinth / Overview", "Plinth / Workflows", "Plinth / Memory", "Plinth / LLM cost",
                "Plinth / JVM & infrastructure");
        assertThat(dashboards).extracting(dashboard -> dashboard.path("uid").asString()).doesNotHaveDuplicates()
                .allSatisfy(uid -> assertThat(uid).matches("[a-z0-9-]{1,40}"));
    }

    @Test
    void everyPanelQueriesTheDataSourceVariableAndOnlyKnownMetrics() throws IOException {
        List<String> unknown = new ArrayList<>();
        for (JsonNode dashboard : dashboards()) {
            String title = dashboard.path("title").asString();
            Set<String> used = new HashSet<>();
            List<JsonNode> panels = panels(dashboard.path("panels"));
            assertThat(panels).as(title).isNotEmpty();
            for (JsonNode panel : panels) {
                String where = title + " / " + panel.path("title").asString();
                assertThat(panel.at("/datasource/uid").asString()).as(where).isEqualTo("${datasource}");
                assertThat(panel.path("targets")).as(where).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    assertThat(expr).as(where).isNotBlank();
                    Set<String> metrics = PromQl.metricNames(expr);
                    assertThat(metrics).as("%s: %s", where, expr).isNotEmpty();
                    used.addAll(metrics);
                    metrics.stream().filter(metric -> !catalogue.allows(metric))
                            .forEach(metric -> unknown.add(where + ": " + metric));
                }
            }
            for (JsonNode variable : dashboard.at("/templating/list")) {
                if ("query".equals(variable.path("type").asString())) {
                    String query = variable.at("/query/query").asString();
                    PromQl.metricNames(query.replaceFirst("^label_values\\((.*),\\s*\\w+\\)$", "$1")).stream()
                            .filter(metric -> !catalogue.allows(metric))
                            .forEach(metric -> unknown.add(title + " / variable " + variable.path("name").asString()
                                    + ": " + metric));
                }
            }
            assertThat(used).as(title).isNotEmpty();
        }
        assertThat(unknown).as("metrics neither in the catalogue nor standard").isEmpty();
    }

    @Test
    void theDashboardsCoverEveryCataloguedMeter() throws IOException {
        Set<String> used = new HashSet<>();
        for (JsonNode dashboard : dashboards()) {
            for (JsonNode panel : panels(dashboard.path("panels"))) {
                panel.path("targets").forEach(target -> used.addAll(PromQl.metricNames(target.path("expr").asString())));
            }
        }
        for (Catalogue.Entry entry : catalogue.entries()) {
            assertThat(entry.sampleNames()).as("%s on some dashboard", entry.meter()).containsAnyOf(
                    used.toArray(String[]::new));
        }
    }

    @Test
    void metricNamesAreFoundInPromQl() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le, uri) (rate("
                + "http_server_requests_seconds_bucket{instance=~\"$instance\", uri!~\"/actuator.*\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(PromQl.metricNames("max(plinth_workflow_outbox_backlog) > 1000 and "
                + "deriv(max(plinth_workflow_outbox_backlog)[10m:1m]) > 0 offset 5m"))
                .containsExactly("plinth_workflow_outbox_backlog");
        assertThat(PromQl.metricNames("sum(rate(a_total{x=\"y\"}[5m])) / on (app) group_left (model) b"))
                .containsExactly("a_total", "b");
    }

    static List<JsonNode> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted()
                    .map(file -> JSON.readTree(file.toFile())).toList();
        }
    }

    /** Panels, including those inside collapsed rows. */
    static List<JsonNode> panels(JsonNode panels) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : panels) {
            if ("row".equals(panel.path("type").asString())) {
                all.addAll(panels(panel.path("panels")));
            } else {
                all.add(panel);
            }
        }
        return all;
    }
}
