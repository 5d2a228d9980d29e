package dev.plinth.platform.secrets;

import dev.plinth.platform.problem.ApiException;
import dev.plinth.platform.problem.InputError;
import dev.plinth.platform.problem.ProblemType;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of {@code PUT /api/v1/secrets/{name}}, read here rather than by the shared JSON error
 * handling: a parser's syntax error quotes the offending token, which in this body may be the
 * secret itself. Every message here names a field, never its content.
 */
record SecretBody(String value, String environment) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static SecretBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid("/value", "value is required", "send {\"value\": \"...\"}");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JacksonException malformed) {
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "The request body is not valid JSON",
                    List.of(InputError.of("", "not valid JSON", "send {\"value\": \"...\", \"environment\": optional}")));
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.invalid("", "the body must be a JSON object", "send {\"value\": \"...\"}");
        }
        for (Map.Entry<String, JsonNode> member : tree.properties()) {
            if (!member.getKey().equals("value") && !member.getKey().equals("environment")) {
                throw ApiException.invalid("/" + member.getKey(), "unknown property", "known properties: environment, value");
            }
        }
        JsonNode value = tree.path("value");
        if (!value.isMissingNode() && !value.isNull() && !value.isString()) {
            throw ApiException.invalid("/value", "value must be a string", "encode other data as text, e.g. JSON or base64");
        }
        JsonNode environment = tree.path("environment");
        if (!environment.isMissingNode() && !environment.isNull() && !environment.isString()) {
            throw ApiException.invalid("/environment", "environment must be a string", "an environment name such as prod");
        }
        return new SecretBody(value.isString() ? value.asString() : null,
                environment.isString() ? environment.asString() : null);
    }
}
