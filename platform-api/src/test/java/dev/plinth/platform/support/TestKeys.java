package dev.plinth.platform.support;

/** The preset keys the test application is started with. */
public final class TestKeys {

    public static final String ROOT_ADMIN = "plk_testRootAdmin001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";

    /** The first console admin account of the root tenant. */
    public static final String CONSOLE_ADMIN_EMAIL = "admin@plinth.test";
    public static final String CONSOLE_ADMIN_PASSWORD = "console-admin-password-1";

    /** A secrets master key (32 bytes, base64), required when Plinth runs on an external database. */
    public static final String SECRETS_MASTER_KEY = "cGxpbnRoLXRlc3Qtc2VjcmV0cy1tYXN0ZXIta2V5ISE=";

    private TestKeys() {
    }
}
