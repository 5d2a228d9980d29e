import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The benchmarks' load requests: the JDK's blocking {@code HttpURLConnection} over kept-alive
 * connections. Per request it costs the client a fraction of the CPU of the asynchronous
 * {@code HttpClient} (about a third in the memory benchmark, half in the workflow benchmark's run
 * starts), CPU the client would otherwise take from Plinth on the same cores.
 */
final class KeptAlive {

    /** A status and body. */
    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private KeptAlive() {
    }

    /**
     * Keeps up to this many idle connections per host (the JDK keeps 5 unless told otherwise):
     * every client thread needs its own, or requests would open new connections. Call before the
     * first request.
     */
    static void allowConnections(int threads) {
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, threads * 2)));
    }

    /** Sends one request, with a JSON body unless {@code json} is null, and reads the whole answer. */
    static Answer send(String method, String url, String authorization, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Authorization", authorization);
        if (json != null) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = connection.getResponseCode();
        // Reading the body to its end and closing the stream returns the connection to the keep-alive cache.
        try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Answer(status, in == null ? new byte[0] : in.readAllBytes());
        }
    }
}
