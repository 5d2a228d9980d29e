package dev.plinth.connectors.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.orchestrator.StepExecutor.SettingProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code validate} reports for an {@code http} connector's settings at submission. */
class HttpSettingsTest {

    static List<SettingProblem> problems(String json) {
        return HttpSettings.problems(HttpConnectorFixture.JSON.readTree(json));
    }

    @Test
    void correctSettingsWithSecretReferencesHaveNoProblems() {
        assertThat(problems("""
                {"type":"http","baseUrl":"https://crm.example.com/api","headers":{"Accept":"application/json"},
                 "auth":{"type":"oauth2-client-credentials","tokenUrl":"https://crm.example.com/oauth/token",
                         "clientId":"${secret:crm-client-id}","clientSecret":"${secret:crm-client-secret}"},
                 "timeout":"PT5S","connectTimeout":"PT2S","retry":{"maxAttempts":4,"maxWait":"PT20S"},
                 "rateLimit":{"requests":20,"per":"PT1S"},"circuitBreaker":{"openFor":"PT1M"}}""")).isEmpty();
        assertThat(problems("{\"type\":\"http\",\"baseUrl\":\"${secret:crm-url}\"}")).isEmpty();
    }

    @Test
    void eachMistakeIsReportedAtItsPointer() {
        List<SettingProblem> problems = problems("""
                {"type":"http","baseUrl":"ftp://files","headers":{"X-Count":{"n":1}},"timeout":"5 seconds",
                 "auth":{"type":"bearer"},"retry":{"maxAttempts":0},"rateLimit":{"per":"PT1S"}}""");

        assertThat(problems).extracting(SettingProblem::pointer).containsExactlyInAnyOrder("/baseUrl",
                "/headers/X-Count", "/timeout", "/auth/token", "/retry/maxAttempts", "/rateLimit/requests");
    }

    @Test
    void anUnknownAuthTypeNamesTheKnownOnes() {
        List<SettingProblem> problems = problems("{\"type\":\"http\",\"auth\":{\"type\":\"kerberos\"}}");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.pointer()).isEqualTo("/auth/type");
            assertThat(problem.message()).contains("kerberos").contains("oauth2-client-credentials");
        });
    }
}
