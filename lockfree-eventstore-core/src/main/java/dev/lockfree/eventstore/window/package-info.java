/**
 * Time buckets: {@link dev.lockfree.eventstore.window.BucketWindow} keeps per-partition arrival statistics (count,
 * sum, min, max per aligned bucket), {@link dev.lockfree.eventstore.window.StripeOwners} hands out owned stripes and
 * {@link dev.lockfree.eventstore.window.OwnedStripe} is the single writer of one of them.
 *
 * <h2>Memory ordering</h2>
 * Each bucket slot is a seqlock over a {@code long[]} of cells, through one array {@link java.lang.invoke.VarHandle}
 * ({@code CELLS}):
 * <ul>
 * <li><b>shared stripes</b>: a writer takes the slot's version odd by {@code compareAndSet}, updates the cells with
 *     plain stores, and {@code setRelease}s the next even version;</li>
 * <li><b>owned stripes</b> (one writer, {@code OwnedStripe}): the owner {@code setOpaque}s the version odd, issues
 *     {@code VarHandle.storeStoreFence()}, updates with plain stores, and {@code setRelease}s it even: no CAS on the
 *     append path (on x86 all three stores are plain {@code mov}s);</li>
 * <li><b>readers</b>: {@code getAcquire} of the version, plain loads of the cells, {@code VarHandle.loadLoadFence()},
 *     {@code getVolatile} of the version again; an odd or changed version means retry;</li>
 * <li>drop requests of a purge live in a {@code volatile} field of each owned stripe, posted by the purge and
 *     withdrawn by the owner under the window's drop lock; readers and the owner's check before each update read it
 *     (a request the owner sees late is applied by readers meanwhile);</li>
 * <li>a clear that replaces the window sets the owned stripes' {@code volatile} {@code retired} flag before it reads
 *     the ring's {@code tail}; an owner reads it after its claim ({@code partition.WindowEpoch#retire}).</li>
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
