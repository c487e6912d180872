/**
 * The store: {@link dev.lockfree.eventstore.EventStore} (built with {@link dev.lockfree.eventstore.EventStoreBuilder}),
 * its {@link dev.lockfree.eventstore.Appender}, options, statistics, views, the key map and the event records.
 *
 * <h2>Memory ordering</h2>
 * The store coordinates nothing itself beyond routing: every append is one claim on a partition's ring
 * ({@code partition}), then, with window tracking, one update of that partition's buckets ({@code window}). The
 * per-partition window epoch ({@code partition.WindowEpoch}) is read ({@code AtomicReferenceArray.get}, volatile)
 * after the claim; an epoch read before the claim, to find the bucket early, only counts if it is still the current
 * one after the claim (see {@code EventStore.offerAt} and {@code Appender}).
 * Statistics are sums of counters read without a lock: exact at quiescence, approximate while producers run.
 * Listener lists are copy-on-write; callbacks run on the thread that caused them, and their failures are counted
 * ({@code CallbackFailures}), never propagated into an append.
 *
 * <h2>Conventions</h2>
 * <ul>
 * <li>Hot-path methods load every field they need into locals before a ring claim: the claim is a full fence
 *     ({@code lock xadd}), and each load placed after it adds its latency to the append (see
 *     {@code PartitionRing.offerAt}).</li>
 * <li>{@link dev.lockfree.eventstore.StoreInternals} is the one door for the core's own snapshot and stream
 *     packages; it is public only because Java has no friend packages, and is not part of the API.</li>
 * <li>Names of public methods are fixed by the specification (SPEC.md); {@code try*} methods report a refusal by
 *     their result, never by an exception. Bad input throws {@link java.lang.IllegalArgumentException} (or
 *     {@link java.lang.NullPointerException}, {@link java.lang.IndexOutOfBoundsException}) naming the argument.</li>
 * <li>Comments name seed defects by their ids ({@code BUG-nn}, races {@code Rn}) as listed in
 *     {@code docs/seed-parity.md}.</li>
 * </ul>
 */
package dev.lockfree.eventstore;
