package dev.lockfree.eventstore.snapshot;

/**
 * Hears about each snapshot save, prune and restore, around the operation, so that it can be turned into
 * a trace span, a timer or a log line (the Spring Boot module turns each into a Micrometer Observation).
 * Called on the thread doing the work; an exception thrown here is logged and ignored.
 */
@FunctionalInterface
public interface SnapshotListener {

    SnapshotListener NONE = (operation, storeName, partition) -> Completion.NONE;

    /**
     * An operation is starting. The returned completion is called exactly once.
     *
     * @param partition the partition, or -1 for a restore of the whole store
     */
    Completion started(SnapshotOperation operation, String storeName, int partition);

    /** The end of one operation. */
    interface Completion {

        Completion NONE = new Completion() {
            @Override
            public void succeeded(SnapshotOutcome outcome) {
            }

            @Override
            public void failed(SnapshotOutcome outcome, Throwable error) {
            }
        };

        void succeeded(SnapshotOutcome outcome);

        void failed(SnapshotOutcome outcome, Throwable error);
    }
}
