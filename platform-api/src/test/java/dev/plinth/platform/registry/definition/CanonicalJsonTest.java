package dev.plinth.platform.registry.definition;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.plinth.platform.registry.definition.Definitions.json;
import static dev.plinth.platform.registry.definition.Definitions.yaml;
import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTest {

    @Test
    void sortsKeysAndDropsWhitespace() {
        JsonNode node = json("{ \"b\": [1, {\"z\": true, \"a\": null}], \"a\": \"x\\\"y\\u00e9\\n\" }").document();

        assertThat(CanonicalJson.write(node)).isEqualTo("{\"a\":\"x\\\"yé\\n\",\"b\":[1,{\"a\":null,\"z\":true}]}");
    }

    @Test
    void hashIsSha256OfTheCanonicalForm() {
        JsonNode node = json("{\"a\": 1}").document();

        // printf '{"a":1}' | sha256sum
        assertThat(CanonicalJson.sha256(node))
            .isEqualTo("sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
    }

    @Test
    void yamlAndJsonOfTheSameDefinitionHashEqual() {
        JsonNode fromYaml = Definitions.example();
        JsonNode fromJson = json(fromYaml.toPrettyString()).document();

        assertThat(CanonicalJson.sha256(fromJson)).isEqualTo(CanonicalJson.sha256(fromYaml));
    }

    @Test
    void keyOrderDoesNotChangeTheHash() {
        JsonNode one = yaml("""
                kind: App
                metadata: {name: demo, labels: {team: a, tier: gold}}
                spec: {workflows: [{name: w, steps: [{id: s, type: call, connector: c}]}]}
                """).document();
        JsonNode other = yaml("""
                spec: {workflows: [{steps: [{connector: c, type: call, id: s}], name: w}]}
                metadata: {labels: {tier: gold, team: a}, name: demo}
                kind: App
                """).document();

        assertThat(CanonicalJson.sha256(other)).isEqualTo(CanonicalJson.sha256(one));
    }

    @Test
    void arrayOrderAndValuesDoChangeTheHash() {
        String base = CanonicalJson.sha256(json("{\"a\": [1, 2]}").document());

        assertThat(CanonicalJson.sha256(json("{\"a\": [2, 1]}").document())).isNotEqualTo(base);
        assertThat(CanonicalJson.sha256(json("{\"a\": [1, \"2\"]}").document())).isNotEqualTo(base);
    }

    @Test
    void numbersAreWrittenInOneForm() {
        JsonNode fromJson = json("{\"a\": 1.0, \"b\": 2.50, \"c\": 1e2, \"d\": -0.0, \"e\": 12345678901234567890}").document();
        JsonNode fromYaml = yaml("{a: 1, b: 2.5, c: 100, d: 0, e: 12345678901234567890}").document();

        assertThat(CanonicalJson.write(fromJson)).isEqualTo("{\"a\":1,\"b\":2.5,\"c\":100,\"d\":0,\"e\":12345678901234567890}");
        assertThat(CanonicalJson.sha256(fromYaml)).isEqualTo(CanonicalJson.sha256(fromJson));
    }

}
