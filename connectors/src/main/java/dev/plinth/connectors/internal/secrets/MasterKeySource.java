package dev.plinth.connectors.internal.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the current master key comes from. Configured, it is used as given. Otherwise, with the
 * embedded database, a key is generated once and kept beside the database in the data directory,
 * readable by its owner only, so a laptop install encrypts its secrets with no setup and keeps
 * reading them after a restart. With an external database there is no safe default — the key
 * would live on one machine while the ciphertexts are shared — so a missing key stops start-up.
 */
final class MasterKeySource {

    static final String KEY_FILE = "secrets/master.key";

    private MasterKeySource() {
    }

    /** The base64 current key. */
    static String currentKey(String configured, boolean externalDatabase, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (externalDatabase) {
            throw new IllegalStateException("No master key for secrets: set plinth.secrets.master-key (environment "
                    + "variable PLINTH_SECRETS_MASTER_KEY) to 32 random bytes, base64-encoded, e.g. the output of "
                    + "`openssl rand -base64 32`. It is required when plinth.db.url points at an external database; "
                    + "every instance must use the same key.");
        }
        return readOrCreate(dataDir.resolve(KEY_FILE));
    }

    static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            Files.createDirectories(file.getParent());
            ownerOnly(file.getParent(), "rwx------");
            byte[] key = new byte[MasterKeys.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Path temporary = Files.createTempFile(file.getParent(), "master", ".tmp");
            ownerOnly(temporary, "rw-------");
            Files.writeString(temporary, encoded + "\n", StandardCharsets.US_ASCII);
            // Atomic, so two instances starting on one data directory cannot each keep a different key.
            try {
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException lost) {
                Files.deleteIfExists(temporary);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException failure) {
            throw new UncheckedIOException("Cannot read or create the secrets master key file " + file, failure);
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
