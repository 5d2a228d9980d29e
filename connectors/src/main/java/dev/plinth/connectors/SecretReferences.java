package dev.plinth.connectors;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Substitutes {@code ${secret:name}} references in a connector's settings with the secrets'
 * values, at execution time, and remembers every value it substituted so the executor can
 * {@linkplain Redactor redact} them from whatever it reports. A reference may be a whole string or
 * part of one ({@code Bearer ${secret:api-token}}). Settings are never changed in place: the
 * definition (and so the revision, the run and its history) keeps only the reference.
 */
public final class SecretReferences {

    /** A reference, with the secret's name as group 1. */
    public static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([A-Za-z0-9][A-Za-z0-9._-]*)}");

    private SecretReferences() {
    }

    /**
     * The settings with every reference replaced.
     *
     * @param lookup a secret's value by name, empty when the tenant has no such secret
     * @throws MissingSecretException naming the first referenced secret that does not exist
     */
    public static Resolved resolve(JsonNode settings, Function<String, Optional<String>> lookup) {
        Redactor redactor = new Redactor();
        JsonNode resolved = settings == null ? null : walk(settings, lookup, redactor);
        return new Resolved(resolved, redactor);
    }

    /** The names of every secret referenced anywhere in {@code node}, in order of first appearance. */
    public static java.util.Set<String> names(JsonNode node) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, java.util.Set<String> names) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            Matcher references = REFERENCE.matcher(node.asString());
            while (references.find()) {
                names.add(references.group(1));
            }
        } else if (node.isArray() || node.isObject()) {
            node.forEach(child -> collect(child, names));
        }
    }

    /** Whether a string contains a reference. */
    public static boolean containsReference(String text) {
        return text != null && REFERENCE.matcher(text).find();
    }

    private static JsonNode walk(JsonNode node, Function<String, Optional<String>> lookup, Redactor redactor) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                copy.set(member.getKey(), walk(member.getValue(), lookup, redactor));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(walk(element, lookup, redactor)));
            return copy;
        }
        if (node.isString() && containsReference(node.asString())) {
            return JsonNodeFactory.instance.stringNode(substitute(node.asString(), lookup, redactor));
        }
        return node;
    }

    /**
     * One string with every reference replaced, each value also given to {@code redactor}.
     *
     * @throws MissingSecretException naming the first referenced secret that does not exist
     */
    public static String substitute(String text, Function<String, Optional<String>> lookup, Redactor redactor) {
        Matcher references = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (references.find()) {
            String name = references.group(1);
            String value = lookup.apply(name).orElseThrow(() -> new MissingSecretException(name));
            redactor.add(value);
            references.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        references.appendTail(out);
        return out.toString();
    }

    /** Resolved settings and the redactor that knows every value put into them. */
    public record Resolved(JsonNode settings, Redactor redactor) {
    }

    /** A referenced secret does not exist. The message names the secret, never a value. */
    public static final class MissingSecretException extends RuntimeException {

        private final String secretName;

        public MissingSecretException(String secretName) {
            super("The connector's settings reference the secret '" + secretName + "', which is not set; set it "
                    + "with PUT /api/v1/secrets/" + secretName, null, false, false);
            this.secretName = secretName;
        }

        public String secretName() {
            return secretName;
        }
    }
}
