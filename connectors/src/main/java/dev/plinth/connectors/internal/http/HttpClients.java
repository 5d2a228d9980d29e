package dev.plinth.connectors.internal.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JDK HTTP clients, one per connect timeout (the only client-level setting connectors vary), so
 * connections are pooled across steps and connectors instead of opened per call.
 */
final class HttpClients {

    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();

    HttpClient of(Duration connectTimeout) {
        return clients.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }
}
