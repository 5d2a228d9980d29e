package dev.plinth.orchestrator.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Plans of pinned definitions, parsed once: a pinned definition never changes. */
class Plans {

    private final RunStore runs;
    private final Map<Long, Plan> cache = new ConcurrentHashMap<>();

    Plans(RunStore runs) {
        this.runs = runs;
    }

    Plan of(long definitionId, String workflow) {
        return cache.computeIfAbsent(definitionId, id -> Plan.of(runs.definition(id), workflow));
    }
}
