package dev.lockfree.eventstore.snapshot;

/**
 * What a restore does with a snapshot whose schema version is not {@link SnapshotOptions#expectedSchemaVersion()}.
 */
public enum SchemaMismatch {

    /**
     * Restore fails with an {@link IncompatibleSnapshotException} naming both versions and the partition, and the
     * file is left untouched: the application must not start on data it would misread (the default).
     */
    FAIL,

    /**
     * The snapshot is passed over (neither restored, nor quarantined, nor deleted by the restore) and counted in
     * {@link RestoreResult#snapshotsSkippedForSchema()} and {@link SnapshotterMetrics#snapshotsSkippedForSchema()};
     * the newest valid snapshot of the expected schema, if any, is restored instead. The partition's sequences
     * continue above the skipped snapshots, so the next snapshot supersedes them and retention removes them in
     * turn. The C# seed skipped snapshots of another schema in the same way (without counting them).
     */
    SKIP
}
