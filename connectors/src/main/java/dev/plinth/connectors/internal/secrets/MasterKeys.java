package dev.plinth.connectors.internal.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master keys secrets are encrypted under: the current one, which encrypts, and the previous
 * ones, which only decrypt until a rotation has moved everything to the current one. A key's id is
 * derived from the key itself (a truncated SHA-256), so ids need no configuration and a wrong key
 * is recognised as unknown rather than producing garbage.
 */
final class MasterKeys {

    static final int KEY_BYTES = 32;

    private final String currentId;
    private final Map<String, SecretKey> keys;

    private MasterKeys(String currentId, Map<String, SecretKey> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * Parses base64 keys. Messages name the property at fault and never the key.
     *
     * @throws IllegalStateException when a key is not base64 or not 256 bits
     */
    static MasterKeys of(String current, List<String> previous) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        SecretKey currentKey = parse(current, "plinth.secrets.master-key");
        String currentId = idOf(currentKey);
        keys.put(currentId, currentKey);
        for (int i = 0; i < previous.size(); i++) {
            SecretKey key = parse(previous.get(i), "plinth.secrets.previous-master-keys[" + i + "]");
            keys.putIfAbsent(idOf(key), key);
        }
        return new MasterKeys(currentId, Map.copyOf(keys));
    }

    String currentId() {
        return currentId;
    }

    java.util.Set<String> ids() {
        return keys.keySet();
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    /** The key with this id, or {@code null} when it is not configured (any more). */
    SecretKey byId(String keyId) {
        return keys.get(keyId);
    }

    private static SecretKey parse(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalStateException(property + " is not base64; generate a key with `openssl rand -base64 32`");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(property + " must be 256 bits (32 bytes, base64-encoded), not "
                    + bytes.length * 8 + " bits; generate one with `openssl rand -base64 32`");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    static String idOf(SecretKey key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("plinth-secrets-master-key".getBytes(StandardCharsets.UTF_8));
            return "k-" + HexFormat.of().formatHex(sha256.digest(key.getEncoded()), 0, 8);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
