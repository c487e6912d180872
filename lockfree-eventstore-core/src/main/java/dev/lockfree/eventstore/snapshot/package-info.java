/**
 * Snapshot persistence: {@link dev.lockfree.eventstore.snapshot.Snapshotter} captures partitions periodically and
 * restores them at start-up; {@link dev.lockfree.eventstore.snapshot.SnapshotStore} (with
 * {@link dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore}) keeps the files; {@code SnapshotFormat} is the
 * binary format.
 *
 * <h2>Dependencies</h2>
 * This package reaches the store through its public API and {@link dev.lockfree.eventstore.StoreInternals} only,
 * never through {@code partition} (an ArchUnit rule in {@code CoreArchitectureTest} enforces it): the ring's layout
 * can change without touching persistence.
 *
 * <h2>Memory ordering</h2>
 * A capture never blocks producers and sees only published events (G1); its consistency with clear and purge is
 * checked by comparing the partition's removal count before and after (a changed count means retry). Per-partition
 * snapshot state is {@code volatile} fields written by the one job that owns the partition at a time (a job is
 * queued at most once, guarded by an {@code AtomicBoolean}), and read without a lock by metrics. File writes are
 * made durable (write to a temporary file, force, atomic move) before they are reported.
 *
 * <h2>Conventions</h2>
 * Sequences are the ring's durable positions and never go back (seed defect BUG-02, see docs/seed-parity.md);
 * corrupt files are quarantined as {@code *.broken} and an older valid file is used (BUG-13). Errors a caller can act
 * on are typed ({@code CorruptSnapshotException}, {@code IncompatibleSnapshotException},
 * {@code StaleSnapshotException}, {@code UnsafeDirectoryException}).
 */
package dev.lockfree.eventstore.snapshot;
