package dev.lockfree.eventstore.boot.snapshot;

import java.util.ArrayList;
import java.util.List;

import dev.lockfree.eventstore.snapshot.SnapshotListener;
import dev.lockfree.eventstore.snapshot.SnapshotOperation;
import dev.lockfree.eventstore.snapshot.SnapshotOutcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Several listeners as one. A listener that throws is logged and skipped, so that the others (the
 * Observation, the health bookkeeping) still hear about the operation.
 */
final class CompositeSnapshotListener implements SnapshotListener {

    private static final Log LOG = LogFactory.getLog(CompositeSnapshotListener.class);

    private final List<SnapshotListener> listeners;

    CompositeSnapshotListener(List<? extends SnapshotListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public Completion started(SnapshotOperation operation, String storeName, int partition) {
        List<Completion> completions = new ArrayList<>(listeners.size());
        for (SnapshotListener listener : listeners) {
            try {
                Completion completion = listener.started(operation, storeName, partition);
                if (completion != null) {
                    completions.add(completion);
                }
            } catch (RuntimeException e) {
                LOG.warn("Snapshot listener " + listener + " failed on the start of " + operation + " of '"
                        + storeName + "'", e);
            }
        }
        return new Completion() {
            @Override
            public void succeeded(SnapshotOutcome outcome) {
                for (Completion completion : completions) {
                    try {
                        completion.succeeded(outcome);
                    } catch (RuntimeException e) {
                        LOG.warn("Snapshot listener failed on the end of " + outcome, e);
                    }
                }
            }

            @Override
            public void failed(SnapshotOutcome outcome, Throwable error) {
                for (Completion completion : completions) {
                    try {
                        completion.failed(outcome, error);
                    } catch (RuntimeException e) {
                        LOG.warn("Snapshot listener failed on the end of " + outcome, e);
                    }
                }
            }
        };
    }
}
