package dev.plinth.platform.registry.definition;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * Secrets are stored encrypted and referenced as {@code ${secret:name}}, never written into a
 * definition: definitions are stored, diffed and shown in plain text. Flags literal values of
 * credential properties ({@code password}, {@code apiKey}, {@code clientSecret}, ...) and URLs
 * with a password in their userinfo, anywhere in the definition.
 */
final class InlinedSecretRule implements SemanticRule {

    /** Pointer segments that say where a value sits rather than what it is, left out of suggested names. */
    private static final Set<String> STRUCTURAL = Set.of("spec", "connectors", "environments", "triggers",
            "workflows", "steps", "with", "auth", "signature", "headers", "do", "branches", "cases", "input",
            "body", "params", "runsOn", "smokeTest");

    @Override
    public void check(Submission submission, List<DefinitionProblem> problems) {
        JsonNode root = submission.outline().root();
        scan(root, root, "", problems);
    }

    private void scan(JsonNode root, JsonNode node, String pointer, List<DefinitionProblem> problems) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String memberPointer = JsonPointers.append(pointer, member.getKey());
                if (!inlinedCredential(root, member.getKey(), member.getValue(), memberPointer, problems)) {
                    scan(root, member.getValue(), memberPointer, problems);
                }
            }
        }
        else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(root, node.get(i), JsonPointers.append(pointer, i), problems);
            }
        }
        else if (node.isString() && SecretValues.hasPasswordInUrl(node.asString())) {
            problems.add(new DefinitionProblem(pointer, "the URL contains a literal password",
                    "replace the password after `user:` with a secret reference such as `${secret:"
                            + suggestedName(root, pointer).replaceAll("-(url|uri)$", "") + "-password}`, "
                            + "or leave it out of the URL and set the connector's `password` to a reference",
                    null));
        }
    }

    /** Reports a literal credential; returns whether it did, so the value is not scanned again. */
    private boolean inlinedCredential(JsonNode root, String name, JsonNode value, String pointer,
            List<DefinitionProblem> problems) {
        boolean literal = (value.isString() && !SecretValues.isAcceptableCredential(value.asString()))
                || value.isNumber();
        if (!literal || !SecretValues.isCredentialName(name)) {
            return false;
        }
        problems.add(new DefinitionProblem(pointer, "`" + name + "` holds a literal secret; secrets must not be inlined",
                "store the value as a secret and reference it instead: `${secret:" + suggestedName(root, pointer) + "}`",
                null));
        return true;
    }

    /**
     * A secret name derived from where the value sits, e.g. {@code crm-client-secret} for
     * {@code /spec/connectors/crm/auth/clientSecret}; array elements contribute their name or id.
     */
    static String suggestedName(JsonNode root, String pointer) {
        StringBuilder name = new StringBuilder();
        JsonNode node = root;
        for (String segment : JsonPointers.segments(pointer)) {
            String part = null;
            if (node.isArray()) {
                node = node.path(Integer.parseInt(segment));
                part = (DefinitionOutline.text(node, "name") != null) ? DefinitionOutline.text(node, "name")
                        : DefinitionOutline.text(node, "id");
            }
            else {
                node = node.path(segment);
                part = STRUCTURAL.contains(segment) ? null : segment;
            }
            if (part != null) {
                name.append(name.isEmpty() ? "" : "-").append(kebab(part));
            }
        }
        String suggested = name.toString().replaceAll("-+", "-").replaceAll("^-|-$", "");
        return suggested.isEmpty() ? "my-secret" : suggested;
    }

    private static String kebab(String part) {
        return part.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

}
