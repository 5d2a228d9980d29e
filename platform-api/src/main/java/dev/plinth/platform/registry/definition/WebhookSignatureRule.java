package dev.plinth.platform.registry.definition;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A webhook trigger's {@code signature} must be checkable when requests arrive: a known HMAC
 * algorithm and a signing secret given as a {@code ${secret:name}} reference (a literal is already
 * reported by {@link InlinedSecretRule}).
 */
final class WebhookSignatureRule implements SemanticRule {

    static final Set<String> ALGORITHMS = Set.of("HmacSHA1", "HmacSHA256", "HmacSHA512");

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        JsonNode triggers = submission.outline().root().path("spec").path("triggers");
        for (int i = 0; triggers.isArray() && i < triggers.size(); i++) {
            JsonNode signature = triggers.get(i).path("signature");
            if (!"webhook".equals(triggers.get(i).path("type").asString("")) || !signature.isObject()) {
                continue;
            }
            String base = JsonPointers.append(JsonPointers.append("/spec/triggers", i), "signature") + "/";
            JsonNode algorithm = signature.path("algorithm");
            if (algorithm.isString() && !ALGORITHMS.contains(algorithm.asString())) {
                problems.add(new DefinitionProblem(base + "algorithm", "unknown HMAC algorithm `"
                        + algorithm.asString() + "`", "one of " + Suggestions.list(ALGORITHMS.stream().sorted().toList())
                        + " (HmacSHA256 when left out)", null));
            }
            if (!signature.path("secret").isString()) {
                problems.add(new DefinitionProblem(base + "secret", "a signed webhook needs its signing secret",
                        "store it with PUT /api/v1/secrets/<name> and reference it as `${secret:<name>}`", null));
            }
        }
    }
}
