package dev.plinth.orchestrator.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the stores of one transaction leave to write until just before it commits — the run
 * store's attempts, ends and saves, the outbox's records — sent to PostgreSQL together, in one
 * round trip (see {@link Pipeline}). Each store keeps its own pending writes and joins with a
 * {@link Part}; the transaction then costs the engine one wait for the database before its commit
 * instead of one per store.
 */
final class CommitWrites implements TransactionSynchronization {

    /** A store's share of the writes. */
    interface Part {
        /** The statements to write now (none is fine); taking them empties the store's pending writes. */
        List<Pipeline.Statement> take();

        /** Called with the update counts of the statements {@link #take} returned, in order, once written. */
        void written(int[] counts);
    }

    private final Pipeline pipeline;
    private final List<Part> parts = new ArrayList<>();

    private CommitWrites(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * Adds a part to the current transaction's writes; false outside a transaction (or one without
     * synchronization), where the store must write at once.
     */
    static boolean join(Pipeline pipeline, Part part) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return false;
        }
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            if (synchronization instanceof CommitWrites writes) {
                writes.parts.add(part);
                return true;
            }
        }
        CommitWrites writes = new CommitWrites(pipeline);
        writes.parts.add(part);
        TransactionSynchronizationManager.registerSynchronization(writes);
        return true;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        List<Pipeline.Statement> statements = new ArrayList<>();
        int[] sizes = new int[parts.size()];
        for (int i = 0; i < sizes.length; i++) {
            List<Pipeline.Statement> taken = parts.get(i).take();
            sizes[i] = taken.size();
            statements.addAll(taken);
        }
        int[] counts = pipeline.execute(statements);
        int offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            parts.get(i).written(Arrays.copyOfRange(counts, offset, offset + sizes[i]));
            offset += sizes[i];
        }
    }
}
