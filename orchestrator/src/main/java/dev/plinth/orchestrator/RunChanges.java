package dev.plinth.orchestrator;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Cheap change markers of runs, for whoever pushes a run's progress to clients (the API's run
 * event streams). A read of indexed columns only, outside the engine's own transactions: watching
 * runs adds no work to the engine.
 */
public interface RunChanges {

    /**
     * A marker per run that exists among {@code runIds}: it changes whenever the run's status or
     * state, one of its step attempts or one of its child runs changes. Markers are opaque; compare
     * them for equality only. Runs that do not exist (any more) are absent from the map.
     */
    Map<UUID, String> markers(Collection<UUID> runIds);
}
