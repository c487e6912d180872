package dev.lockfree.eventstore.snapshot;

/** What a {@link SnapshotListener} is told about; the names are the C# seed's tracing names. */
public enum SnapshotOperation {
    SAVE("snapshot.save"),
    PRUNE("snapshot.prune"),
    RESTORE("snapshot.restore");

    private final String observationName;

    SnapshotOperation(String observationName) {
        this.observationName = observationName;
    }

    /** {@code snapshot.save}, {@code snapshot.prune} or {@code snapshot.restore}. */
    public String observationName() {
        return observationName;
    }
}
