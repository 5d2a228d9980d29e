package dev.plinth.platform.support;

/** The preset first admin key the test application is started with. */
public final class TestKeys {

    public static final String ROOT_ADMIN = "plk_testRootAdmin001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";

    /** The first console admin account of the root tenant. */
    public static final String CONSOLE_ADMIN_EMAIL = "admin@plinth.test";
    public static final String CONSOLE_ADMIN_PASSWORD = "console-admin-password-1";

    private TestKeys() {
    }
}
