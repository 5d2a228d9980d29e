package dev.plinth.platform.hooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies an inbound webhook's HMAC signature, in the two shapes senders use:
 * <ul>
 * <li>GitHub style — the header holds {@code sha256=<hex>} (or bare hex), the HMAC of the raw body;</li>
 * <li>Stripe style — the header holds {@code t=<unix seconds>,v1=<hex>[,v1=<hex>]}, the HMAC of
 * {@code <t>.<body>}; the signed timestamp must be within the tolerance of now, so a captured
 * request cannot be replayed later.</li>
 * </ul>
 * A trigger with a {@code tolerance} only accepts timestamped (Stripe-style) signatures; a
 * timestamped signature is always checked against the tolerance ({@link #DEFAULT_TOLERANCE} unless set).
 *
 * @param algorithm the JCE HMAC algorithm
 * @param tolerance how far the signed timestamp may be from now, or {@code null} when not configured
 */
record WebhookSignature(String algorithm, Duration tolerance) {

    static final Set<String> ALGORITHMS = Set.of("HmacSHA1", "HmacSHA256", "HmacSHA512");
    static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /**
     * Checks the signature header of a request.
     *
     * @return the matching signature (hex), which identifies this delivery
     * @throws Rejected saying why, without echoing anything secret
     */
    String verify(String header, byte[] body, String secret, Instant now) {
        if (header == null || header.isBlank()) {
            throw new Rejected("the signature header is missing");
        }
        List<String> signatures = new ArrayList<>();
        Long timestamp = null;
        if (header.contains("v1=")) {
            for (String part : header.split(",")) {
                String[] pair = part.strip().split("=", 2);
                if (pair.length == 2 && pair[0].equals("t")) {
                    timestamp = parseTimestamp(pair[1]);
                } else if (pair.length == 2 && pair[0].equals("v1")) {
                    signatures.add(pair[1].toLowerCase(Locale.ROOT));
                }
            }
            if (timestamp == null) {
                throw new Rejected("the signature has v1= but no t= timestamp");
            }
        } else {
            int equals = header.indexOf('=');
            signatures.add((equals >= 0 ? header.substring(equals + 1) : header).strip().toLowerCase(Locale.ROOT));
        }
        if (timestamp == null && tolerance != null) {
            throw new Rejected("this trigger requires a timestamped signature: t=<unix seconds>,v1=<hex>");
        }
        if (timestamp != null) {
            Duration age = Duration.between(Instant.ofEpochSecond(timestamp), now).abs();
            if (age.compareTo(tolerance == null ? DEFAULT_TOLERANCE : tolerance) > 0) {
                throw new Rejected("the signed timestamp is outside the tolerance; a replayed or delayed request");
            }
        }
        byte[] expected = hmac(secret, timestamp == null ? body : concat(timestamp + ".", body));
        String expectedHex = HexFormat.of().formatHex(expected);
        for (String signature : signatures) {
            if (MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII))) {
                return signature;
            }
        }
        throw new Rejected("the signature does not match the body");
    }

    /** The HMAC of {@code content} under {@code secret}, for senders (and tests) computing a signature. */
    byte[] hmac(String secret, byte[] content) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(content);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("HMAC " + algorithm + " is not available", failure);
        }
    }

    private static long parseTimestamp(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException malformed) {
            throw new Rejected("the signature's t= is not a Unix timestamp in seconds");
        }
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] joined = new byte[head.length + body.length];
        System.arraycopy(head, 0, joined, 0, head.length);
        System.arraycopy(body, 0, joined, head.length, body.length);
        return joined;
    }

    /** The request is not signed as the trigger requires. */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
