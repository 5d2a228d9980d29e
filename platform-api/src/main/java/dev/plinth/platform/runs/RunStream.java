package dev.plinth.platform.runs;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's server-sent event stream of a run: {@code run} events (a {@link RunSnapshot}, the id
 * being the run's change marker), heartbeat comments, and a final {@code end} event. A failed write
 * means the client went away: the stream closes and frees its slot.
 */
final class RunStream extends SseEmitter {

    private final UUID runId;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    RunStream(UUID runId, Duration timeout, Runnable onClose) {
        super(timeout.toMillis());
        this.runId = runId;
        this.onClose = onClose;
        onCompletion(this::released);
        onTimeout(this::close);
        onError(failure -> released());
    }

    UUID runId() {
        return runId;
    }

    /** Sends the run's state; {@code retry} (on the first event) tells the client how soon to reconnect. */
    void state(RunSnapshot snapshot, String marker, Duration retry) {
        SseEventBuilder event = event().name("run").data(snapshot, MediaType.APPLICATION_JSON);
        if (marker != null) {
            event.id(marker);
        }
        if (retry != null) {
            event.reconnectTime(retry.toMillis());
        }
        write(event);
    }

    /** The last event: the run's final status (or {@code deleted}); then the stream completes. */
    void end(String status) {
        write(event().name("end").data(Map.of("status", status), MediaType.APPLICATION_JSON));
        close();
    }

    void heartbeat() {
        write(event().comment("heartbeat"));
    }

    boolean isClosed() {
        return closed.get();
    }

    void close() {
        if (!closed.get()) {
            try {
                complete();
            } catch (RuntimeException alreadyDone) {
                // The response is finished already (the client left); nothing more to complete.
            }
            released();
        }
    }

    private void write(SseEventBuilder event) {
        if (closed.get()) {
            return;
        }
        try {
            send(event);
        } catch (IOException | IllegalStateException gone) {
            close();
        }
    }

    private void released() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
