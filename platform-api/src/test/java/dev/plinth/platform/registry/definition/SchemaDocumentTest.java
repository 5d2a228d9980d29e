package dev.plinth.platform.registry.definition;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The published schema itself: valid draft 2020-12, and documented well enough to generate from. */
class SchemaDocumentTest {

    private static final JsonNode SCHEMA = read();

    @Test
    void isAValidDraft202012Schema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        Schema metaSchema = registry.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(metaSchema.validate(SCHEMA)).isEmpty();
        assertThat(SCHEMA.path("$id").asString()).isEqualTo(DefinitionValidator.SCHEMA_ID);
    }

    @Test
    void everyPropertyHasADescription() {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(SCHEMA, "", undocumented);

        assertThat(undocumented).isEmpty();
    }

    private static void collectUndocumented(JsonNode schema, String pointer, List<String> undocumented) {
        if (schema.isObject()) {
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                if (!documented(property.getValue())) {
                    undocumented.add(pointer + "/properties/" + property.getKey());
                }
            }
            // `if` subschemas are conditions on a property, not definitions of one
            schema.properties().stream().filter(member -> !member.getKey().equals("if"))
                .forEach(member -> collectUndocumented(member.getValue(), pointer + "/" + member.getKey(), undocumented));
        }
        else if (schema.isArray()) {
            for (int i = 0; i < schema.size(); i++) {
                collectUndocumented(schema.get(i), pointer + "/" + i, undocumented);
            }
        }
    }

    private static boolean documented(JsonNode property) {
        if (property.path("description").isString()) {
            return true;
        }
        String reference = property.path("$ref").asString("");
        return reference.startsWith("#") && SCHEMA.at(reference.substring(1)).path("description").isString();
    }

    private static JsonNode read() {
        try (InputStream in = SchemaDocumentTest.class.getClassLoader()
            .getResourceAsStream(DefinitionValidator.SCHEMA_RESOURCE)) {
            return JsonMapper.shared().readTree(in);
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

}
