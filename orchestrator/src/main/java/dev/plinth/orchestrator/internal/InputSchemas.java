package dev.plinth.orchestrator.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.plinth.orchestrator.WorkflowException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** Checks run inputs against their workflow's input JSON Schema; compiled schemas are kept per pinned definition. */
class InputSchemas {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER)
                    .build()));
    private final Map<Long, Schema> compiled = new ConcurrentHashMap<>();

    void check(long definitionId, Plan plan, JsonNode input) {
        if (plan.inputSchema().isMissingNode() || plan.inputSchema().isNull()) {
            return;
        }
        Schema schema = compiled.computeIfAbsent(definitionId, id -> {
            Schema loaded = registry.getSchema(plan.inputSchema());
            loaded.initializeValidators();
            return loaded;
        });
        List<Error> errors = schema.validate(input);
        if (!errors.isEmpty()) {
            List<WorkflowException.Problem> problems = errors.stream()
                    .map(error -> new WorkflowException.Problem("/input" + pointer(error), error.getMessage()))
                    .toList();
            throw new WorkflowException(WorkflowException.Kind.INVALID,
                    "The input does not match the input schema of workflow '" + plan.workflow() + "'", problems);
        }
    }

    private static String pointer(Error error) {
        String location = String.valueOf(error.getInstanceLocation());
        return location.equals("") || location.equals("/") ? "" : location.startsWith("/") ? location : "/" + location;
    }
}
