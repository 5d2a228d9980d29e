package dev.plinth.platform.registry.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Validates a definition against the published JSON Schema and translates every error. */
final class SchemaCheck {

    private final Schema schema;

    private final SchemaErrorTranslator translator;

    private SchemaCheck(Schema schema, JsonNode schemaDocument) {
        this.schema = schema;
        this.translator = new SchemaErrorTranslator(new SchemaDescriptions(schemaDocument));
    }

    static SchemaCheck load() {
        JsonNode document = readSchemaDocument();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config));
        // Registered under its $id, so nothing is ever fetched from plinth.dev.
        Schema schema = registry.getSchema(SchemaLocation.of(DefinitionValidator.SCHEMA_ID), document);
        schema.initializeValidators();
        return new SchemaCheck(schema, document);
    }

    List<DefinitionProblem> check(JsonNode document) {
        List<Error> errors = this.schema.validate(document);
        CompositeErrors.Collapsed collapsed = CompositeErrors.collapse(errors);
        List<DefinitionProblem> problems = new ArrayList<>();
        collapsed.errors().forEach(error -> problems.add(this.translator.translate(error)));
        collapsed.mismatches().forEach(mismatch -> problems.add(this.translator.translate(mismatch)));
        return problems;
    }

    private static JsonNode readSchemaDocument() {
        try (InputStream in = SchemaCheck.class.getClassLoader()
            .getResourceAsStream(DefinitionValidator.SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + DefinitionValidator.SCHEMA_RESOURCE);
            }
            return JsonMapper.shared().readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
