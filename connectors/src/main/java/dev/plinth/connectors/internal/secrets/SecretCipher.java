package dev.plinth.connectors.internal.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh 96-bit nonce per encryption. The associated data binds a ciphertext to
 * its tenant, name, environment and version, so a ciphertext copied into another row (another
 * tenant's, say) fails to decrypt instead of revealing its value there.
 */
final class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final MasterKeys keys;

    SecretCipher(MasterKeys keys) {
        this.keys = keys;
    }

    String currentKeyId() {
        return keys.currentId();
    }

    java.util.Set<String> keyIds() {
        return keys.ids();
    }

    Sealed seal(String value, Binding binding) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, binding);
            return new Sealed(keys.currentId(), nonce, cipher.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("AES-GCM encryption failed", failure);
        }
    }

    String open(Sealed sealed, Binding binding) {
        SecretKey key = keys.byId(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("Secret '" + binding.name() + "' is encrypted under master key "
                    + sealed.keyId() + ", which is not configured; add it to plinth.secrets.previous-master-keys");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, sealed.nonce(), binding);
            return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("Secret '" + binding.name() + "' failed its integrity check", failure);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, Binding binding)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(binding.associatedData());
        return cipher;
    }

    /** A ciphertext and what is needed to open it. */
    record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {
    }

    /** What a ciphertext belongs to. */
    record Binding(UUID tenantId, String name, String environment, int version) {
        byte[] associatedData() {
            return (tenantId + "\n" + name + "\n" + (environment == null ? "*" : environment) + "\n" + version)
                    .getBytes(StandardCharsets.UTF_8);
        }
    }
}
