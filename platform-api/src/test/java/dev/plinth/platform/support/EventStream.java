package dev.plinth.platform.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A client of a server-sent event stream, as a browser's EventSource reads one: events are parsed
 * off the wire on a reader thread and handed out one by one; comment lines are counted.
 */
public final class EventStream implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Event END_OF_STREAM = new Event(null, null, null);

    /** One event: its name, id and data (JSON here). */
    public record Event(String name, String id, String data) {
        public JsonNode json() {
            return Api.json(data);
        }
    }

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile int comments;

    private EventStream(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread reader = new Thread(this::read, "event-stream-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** Opens {@code path} with an API key, returning once the response headers are in. */
    public static EventStream open(int port, String key, String path) {
        return open(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + key));
    }

    public static EventStream open(HttpRequest.Builder request) {
        try {
            return new EventStream(HTTP.send(request.header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The whole body of a refused (non-200) request. */
    public JsonNode problem() {
        try (InputStream body = response.body()) {
            return Api.json(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The next event, or null when the server completed the stream; fails when none comes within {@code patience}. */
    public Event next(Duration patience) {
        try {
            Event event = events.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + patience);
            }
            return event == END_OF_STREAM ? null : event;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    public int comments() {
        return comments;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = null;
            String id = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException closed) {
            // The test closed the stream, or the server went away: either way the stream is over.
        } finally {
            events.add(END_OF_STREAM);
        }
    }

    /** Hangs up, as a browser leaving the page does. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // Closing a stream that is already closed.
        }
    }
}
