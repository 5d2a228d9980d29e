package dev.plinth.deploy.agent;

import dev.plinth.orchestrator.BuiltinStepExecutors;
import dev.plinth.orchestrator.StepExecutor;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The connector executors this agent can run, by connector type: the built-in ones ({@code echo},
 * {@code noop}) and every {@link StepExecutor} a jar on the class path declares in
 * {@code META-INF/services/dev.plinth.orchestrator.StepExecutor}. A later one of the same type
 * replaces an earlier one, so an installation can override a built-in.
 */
public final class ExecutorCatalog {

    private final Map<String, StepExecutor> byType = new TreeMap<>();

    private ExecutorCatalog(Collection<StepExecutor> executors) {
        executors.forEach(executor -> byType.put(executor.type(), executor));
    }

    /** The built-in executors and those found with {@link ServiceLoader}. */
    public static ExecutorCatalog discover() {
        ExecutorCatalog catalog = new ExecutorCatalog(BuiltinStepExecutors.all());
        ServiceLoader.load(StepExecutor.class).forEach(executor -> catalog.byType.put(executor.type(), executor));
        return catalog;
    }

    /** This catalog with {@code executor} added, replacing any of the same type. */
    public ExecutorCatalog with(StepExecutor executor) {
        ExecutorCatalog copy = new ExecutorCatalog(byType.values());
        copy.byType.put(executor.type(), executor);
        return copy;
    }

    Optional<StepExecutor> forType(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The connector types this agent can run. */
    public Set<String> types() {
        return Collections.unmodifiableSet(byType.keySet());
    }
}
