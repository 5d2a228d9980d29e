package dev.plinth.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The format of API keys: {@code plk_<id>_<secret>}. The id is public (it names the key in lists
 * and audit trails); the secret has 238 bits of entropy, so a fast hash (SHA-256) is safe to store
 * and keeps authentication cheap — unlike passwords, keys are never guessable.
 */
final class KeyMaterial {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern FORMAT = Pattern.compile("plk_([A-Za-z0-9]{16})_([A-Za-z0-9]{40})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {
    }

    record Parsed(String id, String secret) {
    }

    static String newId() {
        return random(16);
    }

    static String newSecret() {
        return random(40);
    }

    static String format(String id, String secret) {
        return "plk_" + id + "_" + secret;
    }

    static Parsed parse(String presented) {
        Matcher matcher = FORMAT.matcher(presented);
        return matcher.matches() ? new Parsed(matcher.group(1), matcher.group(2)) : null;
    }

    static boolean wellFormed(String presented) {
        return presented != null && FORMAT.matcher(presented).matches();
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static boolean matches(String secret, byte[] storedHash) {
        return MessageDigest.isEqual(hash(secret), storedHash);
    }

    private static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
