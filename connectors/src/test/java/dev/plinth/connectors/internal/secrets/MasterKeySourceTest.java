package dev.plinth.connectors.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the master key comes from in embedded and external mode. */
class MasterKeySourceTest {

    @TempDir
    Path dataDir;

    @Test
    void embeddedModeGeneratesAKeyOnceAndKeepsItOwnerOnly() throws Exception {
        String first = MasterKeySource.currentKey(null, false, dataDir);
        String second = MasterKeySource.currentKey("", false, dataDir);

        assertThat(second).isEqualTo(first);
        assertThat(MasterKeys.of(first, List.of()).current().getEncoded()).hasSize(32);
        Path file = dataDir.resolve("secrets/master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void externalModeWithoutAKeyStopsStartUpSayingWhatToSet() {
        assertThatThrownBy(() -> MasterKeySource.currentKey(null, true, dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PLINTH_SECRETS_MASTER_KEY").hasMessageContaining("openssl rand -base64 32");
        assertThat(dataDir.resolve("secrets")).doesNotExist();
    }

    @Test
    void aConfiguredKeyIsUsedAsGivenAndMustBe256Bits() {
        String key = SecretDatabase.newKey();
        assertThat(MasterKeySource.currentKey(key, true, dataDir)).isEqualTo(key);
        assertThatThrownBy(() -> MasterKeys.of("c2hvcnQ=", List.of())).hasMessageContaining("must be 256 bits")
                .hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> MasterKeys.of(key, List.of("not base64!"))).hasMessageContaining("previous-master-keys[0]");
    }
}
