package dev.plinth.connectors.internal.http;

import java.time.Duration;

/** Waits before a retry. Its own type so tests can record the waits instead of sleeping through them. */
interface Pause {

    Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    void pause(Duration duration) throws InterruptedException;
}
