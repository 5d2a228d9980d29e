package dev.plinth.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SecretReferencesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Map<String, String> VALUES = Map.of("token", "t0k&n", "user", "ada");

    static Optional<String> lookup(String name) {
        return Optional.ofNullable(VALUES.get(name));
    }

    @Test
    void referencesAreReplacedWholeAndInsideStringsWithoutChangingTheOriginal() {
        JsonNode settings = JSON.readTree("""
                {"auth":{"token":"${secret:token}"},"headers":{"X-User":"user=${secret:user};v=1"},
                 "list":["${secret:user}",3,null],"plain":"no reference","n":5}""");

        SecretReferences.Resolved resolved = SecretReferences.resolve(settings, SecretReferencesTest::lookup);

        assertThat(resolved.settings().at("/auth/token").asString()).isEqualTo("t0k&n");
        assertThat(resolved.settings().at("/headers/X-User").asString()).isEqualTo("user=ada;v=1");
        assertThat(resolved.settings().at("/list/0").asString()).isEqualTo("ada");
        assertThat(resolved.settings().at("/n").asInt()).isEqualTo(5);
        assertThat(settings.at("/auth/token").asString()).isEqualTo("${secret:token}");
    }

    @Test
    void aMissingSecretIsNamedAndNoValueIsInTheMessage() {
        JsonNode settings = JSON.readTree("{\"a\":\"${secret:token}\",\"b\":\"${secret:absent}\"}");

        assertThatThrownBy(() -> SecretReferences.resolve(settings, SecretReferencesTest::lookup))
                .isInstanceOf(SecretReferences.MissingSecretException.class)
                .hasMessageContaining("'absent'").hasMessageNotContaining("t0k&n")
                .extracting(e -> ((SecretReferences.MissingSecretException) e).secretName()).isEqualTo("absent");
    }

    @Test
    void theRedactorMasksResolvedValuesAndTheirUrlEncodedForm() {
        Redactor redactor = SecretReferences.resolve(JSON.readTree("{\"a\":\"${secret:token}\"}"),
                SecretReferencesTest::lookup).redactor();

        assertThat(redactor.redact("got t0k&n and ?q=t0k%26n")).isEqualTo("got [redacted] and ?q=[redacted]");
        assertThat(redactor.redact(JSON.readTree("{\"t0k&n\":[\"x t0k&n\"]}")).toString())
                .isEqualTo("{\"[redacted]\":[\"x [redacted]\"]}");
    }
}
