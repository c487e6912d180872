package dev.lockfree.eventstore.snapshot;

/**
 * The partition layout of a store's snapshot directory, recorded by {@link Snapshotter#restore()} in a small
 * file next to the partition directories ({@code <root>/<store>/layout}, written atomically).
 *
 * <p>The store's persisted state is, for every partition {@code p < partitions}, the newest valid snapshot of
 * {@code p<p>} whose last sequence is at least {@code sinceSequence} (and below {@code pendingSequence} when
 * one is set). Snapshots below {@code sinceSequence} were written under an earlier layout and are never
 * restored; directories of partitions {@code >= partitions} are not part of the layout and are never
 * restored either.
 *
 * @param partitions      the partition count the snapshots were written with, {@code >= 1}
 * @param sinceSequence   the first sequence of this layout: 0 for a directory that was never resized
 * @param pendingSequence {@link #NONE}, or the sequence of a resize that started but did not commit: the
 *                        snapshots it left at or above this sequence are ignored (and a later restore resizes
 *                        again, above it)
 */
public record SnapshotLayout(int partitions, long sinceSequence, long pendingSequence) {

    /** No resize pending. */
    public static final long NONE = -1;

    public SnapshotLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        if (sinceSequence < 0) {
            throw new IllegalArgumentException("sinceSequence must be >= 0: " + sinceSequence);
        }
        if (pendingSequence != NONE && pendingSequence <= sinceSequence) {
            throw new IllegalArgumentException("pendingSequence must be NONE or above sinceSequence ("
                    + sinceSequence + "): " + pendingSequence);
        }
    }

    /** A committed layout of {@code partitions} partitions starting at {@code sinceSequence}. */
    public static SnapshotLayout of(int partitions, long sinceSequence) {
        return new SnapshotLayout(partitions, sinceSequence, NONE);
    }

    public boolean isPending() {
        return pendingSequence != NONE;
    }

    /** Snapshots of this layout have a last sequence below this bound ({@code Long.MAX_VALUE} when none). */
    public long sequenceBound() {
        return isPending() ? pendingSequence : Long.MAX_VALUE;
    }

    /** This layout with a resize to sequence {@code sequence} started. */
    public SnapshotLayout withPending(long sequence) {
        return new SnapshotLayout(partitions, sinceSequence, sequence);
    }
}
