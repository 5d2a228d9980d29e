package dev.plinth.platform.support;

/** The preset first admin key the test application is started with. */
public final class TestKeys {

    public static final String ROOT_ADMIN = "plk_testRootAdmin001_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123";

    private TestKeys() {
    }
}
