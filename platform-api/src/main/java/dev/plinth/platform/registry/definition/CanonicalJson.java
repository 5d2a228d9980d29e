package dev.plinth.platform.registry.definition;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Canonical JSON for content hashing: object keys sorted, no whitespace, numbers in their
 * shortest plain form ({@code 1.0} and {@code 1} are the same number). The same definition
 * written as YAML or JSON, with any key order, serializes — and hashes — identically. Written by
 * hand because Jackson's writer neither sorts tree keys nor normalizes numbers on its own.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** The canonical serialization of {@code node}. */
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    /** {@code sha256:<64 hex digits>} of the canonical serialization, UTF-8 encoded. */
    public static String sha256(JsonNode node) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(write(node).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime provides SHA-256", ex);
        }
    }

    /** The number's shortest plain decimal form, shared with the diff so both agree on equality. */
    static String number(JsonNode number) {
        BigDecimal value = number.isBigDecimal() || number.isBigInteger() || number.isIntegralNumber()
                ? number.decimalValue() : new BigDecimal(Double.toString(number.doubleValue()));
        if (value.signum() == 0) {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                out.append(i == 0 ? "" : ",");
                string(names.get(i), out);
                out.append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        }
        else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(node.get(i), out);
            }
            out.append(']');
        }
        else if (node.isString()) {
            string(node.asString(), out);
        }
        else if (node.isNumber()) {
            out.append(number(node));
        }
        else if (node.isBoolean()) {
            out.append(node.booleanValue());
        }
        else {
            out.append("null");
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, out);
        out.append('"');
    }

}
