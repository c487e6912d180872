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
 *
 * <p>A producer that read an epoch before its claim can check after the claim that the epoch is still current
 * without going back to the store's epoch array: the clear that replaces it first marks its window's owned stripes
 * retired ({@link #retire}, {@link dev.lockfree.eventstore.window.OwnedStripe#isRetired}).
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

    /**
     * Marks this epoch replaced: its window's owned stripes read as retired from now on. Called by the clear before
     * it installs the next epoch and reads {@code tail} (volatile stores and loads, so the order is kept): an owner
     * that reads "not retired" after its claim knows that a replacing clear reads {@code tail} after that claim, so
     * the owner's position is below the new epoch's floor and belongs to this epoch.
     */
    void retire() {
        window.retire();
    }

    void publishFloor(long tail) {
        floor = tail;
    }
}
