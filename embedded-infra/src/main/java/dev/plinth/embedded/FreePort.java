package dev.plinth.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a currently free loopback port for servers that must be told their port up front. */
final class FreePort {

    private FreePort() {
    }

    /** Returns {@code port} unchanged unless it is 0, in which case a free port is picked. */
    static int orPick(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535 but was " + port);
        }
        return port != 0 ? port : pick();
    }

    /**
     * Asks the OS for an ephemeral port and releases it again. Another process could grab it before
     * the server binds; accepted, because neither Postgres' nor Kafka's controller listener lets us
     * bind port 0 and read the port back.
     */
    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port", e);
        }
    }
}
