package dev.plinth.orchestrator;

import java.time.Instant;

/**
 * Which runs of an app a listing shows. Every part is optional (null matches all).
 *
 * @param workflow the workflow's name
 * @param status   {@code running}, {@code paused}, {@code completed}, {@code failed} or {@code cancelled}
 * @param from     runs started at or after this instant
 * @param to       runs started before this instant
 * @param id       a run id or its first hex digits (at least {@link #MIN_ID_PREFIX}; dashes optional)
 */
public record RunFilter(String workflow, String status, Instant from, Instant to, String id) {

    /** The shortest id prefix a listing accepts: shorter ones would match a sixteenth of all runs or more. */
    public static final int MIN_ID_PREFIX = 4;

    /** Matches every run. */
    public static final RunFilter ALL = new RunFilter(null, null, null, null, null);
}
