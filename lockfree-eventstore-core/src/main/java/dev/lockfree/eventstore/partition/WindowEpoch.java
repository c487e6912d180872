package dev.lockfree.eventstore.partition;

import dev.lockfree.eventstore.window.BucketWindow;

/**
 * One partition's time buckets for one clear epoch, and the first ring position they count: an append counts in
 * an epoch only if its position is at or after the floor, i.e. only if the clear that installed the epoch did not
 * remove it. Installed by the ring's maintenance ({@code RingMaintenance.clear}); read by every windowed append,
 * after its claim.
 *
 * <p>The floor is {@link #PENDING} for the few instructions between installing the epoch and reading
 * {@code tail}; it is written once, from PENDING, so any other value read is final.
 */
public final class WindowEpoch {

    public static final long PENDING = Long.MIN_VALUE;

    public final BucketWindow window;
    private volatile long floor;

    public WindowEpoch(BucketWindow window, long floor) {
        this.window = window;
        this.floor = floor;
    }

    /** The floor, or {@link #PENDING} while the clear that installed this epoch has not read tail yet. */
    public long floor() {
        return floor;
    }

    /** The floor, spinning while it is pending (a clear is between installing the epoch and reading tail). */
    public long awaitFloor() {
        long f = floor;
        while (f == PENDING) {
            Thread.onSpinWait();
            f = floor;
        }
        return f;
    }

    void publishFloor(long tail) {
        floor = tail;
    }
}
