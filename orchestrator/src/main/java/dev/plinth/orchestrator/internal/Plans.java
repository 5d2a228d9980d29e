package dev.plinth.orchestrator.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Plans of pinned definitions, parsed once: a pinned definition never changes. */
class Plans {

    private final RunStore runs;
    private record Key(long definitionId, String scope) {
    }

    private final Map<Key, Plan> cache = new ConcurrentHashMap<>();

    Plans(RunStore runs) {
        this.runs = runs;
    }

    Plan of(long definitionId, String workflow) {
        return of(definitionId, workflow, null);
    }

    /** The plan a run executes: its workflow's, or for a branch, item or iteration the nested step list's. */
    Plan of(RunRow run) {
        return of(run.definitionId(), run.workflow(), run.scope());
    }

    Plan of(long definitionId, String workflow, String scope) {
        return cache.computeIfAbsent(new Key(definitionId, scope),
                key -> Plan.of(runs.definition(key.definitionId()), workflow, scope));
    }
}
