package dev.lockfree.eventstore.window;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Hands out the owned stripes of a store's {@link BucketWindow}s: each to one live thread, which is then the
 * only thread that ever writes it ({@link BucketWindow#recordOwned} needs no CAS). Ownership is per store and
 * outlives the windows a clear replaces, so a producer keeps its stripe across epochs.
 *
 * <p>A thread asks for the stripe its producer index maps to ({@code producer mod stripes}); it gets it if the
 * stripe is free or its owner has died, otherwise it is told to use the shared stripes. A dead owner is
 * detected with {@link Thread#isAlive()}, which also orders the dead thread's last writes before the new
 * owner's first ones; threads that keep missing check it once every {@value #CHECK_EVERY} misses, so the
 * common case costs one load and one compare. The table holds at most one {@code Thread} per stripe (a dead
 * one until it is replaced).
 */
public final class StripeOwners {

    private static final int CHECK_EVERY = 1 << 12;
    private static final VarHandle IDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle THREADS = MethodHandles.arrayElementVarHandle(Thread[].class);

    /** Owner thread id per stripe, -1 when free; the fast path compares against it. */
    private final long[] ids;
    /** Owner thread per stripe (the authority: claimed by CAS). */
    private final Thread[] threads;
    /** Misses per stripe since the last liveness check; racy on purpose (a lost increment only delays it). */
    private final int[] misses;
    private final int mask;

    /** @param stripes how many owned stripes, a power of two (0 = none: every thread shares) */
    public StripeOwners(int stripes) {
        if (stripes != 0 && Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be 0 or a power of two but was " + stripes);
        }
        this.ids = new long[stripes];
        this.threads = new Thread[stripes];
        this.misses = new int[stripes];
        java.util.Arrays.fill(ids, -1L);
        this.mask = stripes - 1;
    }

    public int stripes() {
        return ids.length;
    }

    /**
     * The owned stripe of the calling thread, claiming the one {@code producer} maps to if it is free, or -1:
     * the stripe belongs to another live thread (or there are none), use the shared stripes.
     */
    @SuppressWarnings("deprecation") // Thread.threadId() only exists from Java 19; the id is the same
    public int stripeOf(int producer) {
        if (mask < 0) {
            return -1;
        }
        final int k = producer & mask;
        final Thread me = Thread.currentThread();
        if ((long) IDS.getOpaque(ids, k) == me.getId()) {
            return k; // only this thread ever writes its own id here, and only it can take it away (by dying)
        }
        return claim(k, me);
    }

    @SuppressWarnings("deprecation")
    private int claim(int k, Thread me) {
        final Thread owner = (Thread) THREADS.getAcquire(threads, k);
        if (owner == null) {
            return take(k, null, me);
        }
        if (((misses[k]++) & (CHECK_EVERY - 1)) != 0 || owner.isAlive()) {
            return -1;
        }
        return take(k, owner, me); // isAlive() returned false: the owner's writes happen before ours
    }

    @SuppressWarnings("deprecation")
    private int take(int k, Thread previous, Thread me) {
        if (!THREADS.compareAndSet(threads, k, previous, me)) {
            return -1;
        }
        IDS.setRelease(ids, k, me.getId());
        return k;
    }
}
