package dev.plinth.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code observability/prometheus}: the alert rules through {@code promtool check rules} and their unit
 * tests ({@code promtool test rules}), their metric names against the catalogue, and the scrape
 * configuration through {@code promtool check config}.
 */
class AlertRulesTest {

    static final Path PROMETHEUS = Catalogue.ROOT.resolve("observability/prometheus");
    static final ExternalTool PROMTOOL = new ExternalTool("promtool", "prometheus");

    @Test
    void theRulesPassPromtoolCheckRules() {
        ExternalTool.Result result = PROMTOOL.run(null, Map.of(), "check", "rules",
                PROMETHEUS.resolve("alerts.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theRulesFireAndStaySilentAsTheirUnitTestsExpect() {
        ExternalTool.Result result = PROMTOOL.run(null, Map.of(), "test", "rules",
                PROMETHEUS.resolve("alerts-test.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void theScrapeConfigurationPassesPromtoolCheckConfig() {
        // Syntax only: the credentials file is written by the compose service when it starts.
        ExternalTool.Result result = PROMTOOL.run(null, Map.of(), "check", "config", "--syntax-only",
                PROMETHEUS.resolve("prometheus.yml").toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyRuleSelectsOnlyCataloguedOrStandardMetricsAndTheRequiredAlertsExist() {
        Catalogue catalogue = Catalogue.read();
        JsonNode rules = YAMLMapper.builder().build().readTree(PROMETHEUS.resolve("alerts.yml").toFile());
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asString();
                alerts.add(alert);
                assertThat(PromQl.metricNames(rule.path("expr").asString())).as(alert).isNotEmpty()
                        .allSatisfy(metric -> assertThat(catalogue.allows(metric)).as("%s uses %s", alert, metric)
                                .isTrue());
                assertThat(rule.at("/labels/severity").asString()).as(alert).isIn("warning", "critical");
                assertThat(rule.at("/annotations/summary").asString()).as(alert).isNotBlank();
            }
        }
        assertThat(alerts).contains("PlinthInstanceDown", "PlinthHighHttpErrorRatio", "PlinthWorkflowFailureRatio",
                "PlinthStepLatencyP99High", "PlinthOutboxBacklogGrowing");
    }
}
