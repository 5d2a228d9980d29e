package dev.plinth.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: bearer API-key authentication on every operation but the public ones, and
 * the RFC 9457 problem responses each operation can return, so generated clients know them.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final List<String> PUBLIC_PATHS = List.of("/api/v1/schema/app-definition");

    @Bean
    OpenAPI plinthOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Plinth API").version("v1")
                        .description("The production layer for AI-built apps. Authenticate with "
                                + "'Authorization: Bearer <API key>'. Errors are RFC 9457 problem documents.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A Plinth API key: plk_<id>_<secret>"))
                        .addSchemas("Problem", problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            boolean open = PUBLIC_PATHS.contains(path);
            item.readOperationsMap().forEach((method, operation) -> describe(path, method, operation, open));
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation, boolean open) {
        if (open) {
            operation.setSecurity(List.of());
        } else {
            problem(operation, "401", "Missing, invalid, revoked or expired API key");
            problem(operation, "403", "The key's role does not allow this operation");
        }
        if (path.contains("{")) {
            problem(operation, "404", "Not found (another tenant's resources are not found either)");
        }
        if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
            problem(operation, "400", "Malformed request or invalid parameter");
        }
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PATCH
                || method == PathItem.HttpMethod.PUT) {
            problem(operation, "400", "Malformed request body, with the JSON pointer of the fault");
            problem(operation, "413", "Request body over the configured limit");
            problem(operation, "415", "Unsupported Content-Type");
            problem(operation, "422", "Validation failed: every problem at once in 'errors'");
        }
        if (method == PathItem.HttpMethod.POST) {
            problem(operation, "409", "Conflict, or a request with the same Idempotency-Key still running");
        }
        if (method == PathItem.HttpMethod.PATCH || method == PathItem.HttpMethod.DELETE) {
            problem(operation, "412", "If-Match does not match the current ETag");
        }
        problem(operation, "500", "Unexpected failure; quote the requestId");
    }

    private static void problem(Operation operation, String status, String description) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        ObjectSchema error = new ObjectSchema();
        error.setProperties(Map.of(
                "pointer", new StringSchema().description("JSON pointer (RFC 6901) into the submitted document"),
                "message", new StringSchema().description("What is wrong"),
                "hint", new StringSchema().description("How to fix it"),
                "line", new IntegerSchema().description("Line in the submitted text, when known")));
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details");
        problem.setProperties(Map.of(
                "type", new StringSchema().description("Stable URI of the problem type, https://plinth.dev/problems/…"),
                "title", new StringSchema(),
                "status", new IntegerSchema(),
                "detail", new StringSchema(),
                "instance", new StringSchema(),
                "requestId", new StringSchema().description("Correlates with server logs"),
                "errors", new ArraySchema().items(error)));
        return problem;
    }
}
