/**
 * Time buckets: {@link dev.lockfree.eventstore.window.BucketWindow} keeps per-partition arrival statistics (count,
 * sum, min, max per aligned bucket), {@link dev.lockfree.eventstore.window.StripeOwners} hands out owned stripes.
 *
 * <h2>Memory ordering</h2>
 * Each bucket slot is a seqlock over a {@code long[]} of cells, through one array {@link java.lang.invoke.VarHandle}
 * ({@code CELLS}):
 * <ul>
 * <li><b>shared stripes</b>: a writer takes the slot's version odd by {@code compareAndSet}, updates the cells with
 *     plain stores, and {@code setRelease}s the next even version;</li>
 * <li><b>owned stripes</b> (one writer): the owner {@code setOpaque}s the version odd, issues
 *     {@code VarHandle.storeStoreFence()}, updates, and {@code setRelease}s it even: no CAS on the append path;</li>
 * <li><b>readers</b>: {@code getAcquire} of the version, plain loads of the cells, {@code VarHandle.loadLoadFence()},
 *     {@code getVolatile} of the version again; an odd or changed version means retry;</li>
 * <li>drop requests of a purge are published with {@code setRelease} and read with {@code getAcquire} (readers) or
 *     {@code getOpaque} (the owner's check before each of its updates: a request seen late is applied by readers
 *     meanwhile).</li>
 * </ul>
 * Which window a producer writes (the clear epoch) and from which ring position it counts is decided by the
 * ring's maintenance ({@code partition.WindowEpoch}), not here.
 *
 * <h2>Conventions</h2>
 * Buckets are aligned to multiples of the bucket width since the epoch and labelled by period
 * (seed defects BUG-06a/b, see docs/seed-parity.md). VarHandles are upper-case constants named after their field or
 * array. Counters such as {@code late} and {@code advances} are cumulative and only grow.
 */
package dev.lockfree.eventstore.window;
