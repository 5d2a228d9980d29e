package dev.plinth.platform.registry.definition;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.plinth.platform.registry.definition.DefinitionChange.Op;

import static dev.plinth.platform.registry.definition.Definitions.example;
import static dev.plinth.platform.registry.definition.Definitions.json;
import static dev.plinth.platform.registry.definition.Definitions.remove;
import static dev.plinth.platform.registry.definition.Definitions.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class DefinitionDiffTest {

    @Test
    void equalDefinitionsHaveNoChanges() {
        assertThat(DefinitionDiff.between(example(), example())).isEmpty();
    }

    @Test
    void addedRemovedAndChangedProperties() {
        ObjectNode before = example();
        ObjectNode after = example();
        set(after, "/metadata/labels/tier", "silver");
        set(after, "/spec/connectors/crm/timeout", "PT10S");
        set(after, "/spec/connectors/crm/rateLimit/requests", 50);
        remove(after, "/spec/connectors/orders-db/check");
        set(after, "/spec/memory/retention/sessions", "P7D");

        assertThat(DefinitionDiff.between(before, after))
            .extracting(DefinitionChange::op, DefinitionChange::path, change -> text(change.from()), change -> text(change.to()))
            .containsExactly(
                    tuple(Op.CHANGED, "/metadata/labels/tier", "gold", "silver"),
                    tuple(Op.ADDED, "/spec/memory/retention/sessions", null, "P7D"),
                    tuple(Op.REMOVED, "/spec/connectors/orders-db/check", "true", null),
                    tuple(Op.CHANGED, "/spec/connectors/crm/timeout", "PT5S", "PT10S"),
                    tuple(Op.CHANGED, "/spec/connectors/crm/rateLimit/requests", "20", "50"));
    }

    @Test
    void insertingAStepIsOneAddition() {
        ObjectNode before = example();
        ObjectNode after = example();
        JsonNode step = JsonMapper.shared().valueToTree(Map.of("id", "classify", "type", "transform"));
        ((ArrayNode) after.at("/spec/workflows/0/steps")).insert(2, step);

        assertThat(DefinitionDiff.between(before, after)).singleElement().satisfies(change -> {
            assertThat(change.op()).isEqualTo(Op.ADDED);
            assertThat(change.path()).isEqualTo("/spec/workflows/0/steps/2");
            assertThat(change.to()).isEqualTo(step);
        });
    }

    @Test
    void removingAStepIsOneRemovalAtItsOldIndex() {
        ObjectNode after = example();
        remove(after, "/spec/workflows/0/steps/0");

        assertThat(DefinitionDiff.between(example(), after)).extracting(DefinitionChange::op, DefinitionChange::path)
            .containsExactly(tuple(Op.REMOVED, "/spec/workflows/0/steps/0"));
    }

    @Test
    void changeInsideAKeyedElementUsesItsNewIndex() {
        ObjectNode before = example();
        ObjectNode after = example();
        ((ArrayNode) after.at("/spec/workflows")).insert(0, JsonMapper.shared().valueToTree(
                Map.of("name", "first", "steps", List.of(Map.of("id", "s", "type", "succeed")))));
        set(after, "/spec/workflows/2/steps/0/connector", "orders-db");

        assertThat(DefinitionDiff.between(before, after)).extracting(DefinitionChange::op, DefinitionChange::path)
            .containsExactly(tuple(Op.ADDED, "/spec/workflows/0"),
                    tuple(Op.CHANGED, "/spec/workflows/2/steps/0/connector"));
    }

    @Test
    void movedKeyedElementIsRemovedAndAdded() {
        JsonNode before = json("{\"steps\": [{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}]}").document();
        JsonNode after = json("{\"steps\": [{\"id\": \"b\"}, {\"id\": \"c\"}, {\"id\": \"a\"}]}").document();

        assertThat(DefinitionDiff.between(before, after)).extracting(DefinitionChange::op, DefinitionChange::path)
            .containsExactly(tuple(Op.REMOVED, "/steps/0"), tuple(Op.ADDED, "/steps/2"));
    }

    @Test
    void arraysWithoutKeysCompareByIndex() {
        JsonNode before = json("{\"retryOn\": [\"timeout\", \"server-error\"], \"mixed\": [{\"id\": \"a\"}, 1]}").document();
        JsonNode after = json("{\"retryOn\": [\"rate-limited\", \"server-error\", \"timeout\"], \"mixed\": [{\"id\": \"b\"}]}")
            .document();

        assertThat(DefinitionDiff.between(before, after))
            .extracting(DefinitionChange::op, DefinitionChange::path)
            .containsExactly(tuple(Op.CHANGED, "/retryOn/0"), tuple(Op.ADDED, "/retryOn/2"),
                    tuple(Op.CHANGED, "/mixed/0/id"), tuple(Op.REMOVED, "/mixed/1"));
    }

    @Test
    void valueOfAnotherTypeIsOneChange() {
        JsonNode before = json("{\"onFailure\": {\"goto\": \"x\"}, \"n\": 1}").document();
        JsonNode after = json("{\"onFailure\": \"continue\", \"n\": 1.0}").document();

        assertThat(DefinitionDiff.between(before, after)).singleElement().satisfies(change -> {
            assertThat(change.op()).isEqualTo(Op.CHANGED);
            assertThat(change.path()).isEqualTo("/onFailure");
            assertThat(change.from().isObject()).isTrue();
            assertThat(change.to().asString()).isEqualTo("continue");
        });
    }

    @Test
    void keysAreEscapedInPaths() {
        JsonNode before = json("{\"labels\": {\"a/b\": \"1\"}}").document();
        JsonNode after = json("{\"labels\": {\"a/b\": \"2\", \"c~d\": \"3\"}}").document();

        assertThat(DefinitionDiff.between(before, after)).extracting(DefinitionChange::path)
            .containsExactly("/labels/a~1b", "/labels/c~0d");
    }

    @Test
    void opSerializesInLowerCase() {
        DefinitionChange change = new DefinitionChange(Op.ADDED, "/a", null, JsonMapper.shared().valueToTree(1));

        assertThat(JsonMapper.shared().writeValueAsString(change))
            .isEqualTo("{\"op\":\"added\",\"path\":\"/a\",\"from\":null,\"to\":1}");
    }

    private static String text(JsonNode node) {
        return (node == null) ? null : node.asString();
    }

}
