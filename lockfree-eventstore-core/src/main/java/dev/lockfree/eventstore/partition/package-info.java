/**
 * The partition ring and what routes to it. Internal: public types here are used by the store's own packages and by
 * the jcstress and benchmark modules, not by applications.
 *
 * <ul>
 * <li>{@link dev.lockfree.eventstore.partition.PartitionRing}: the slot protocol (claim, write, read), with every
 *     field an append reads;</li>
 * <li>{@code RingMaintenance}: clear, purge, compaction, the capacity-reached re-arm and the window epoch floor
 *     ({@link dev.lockfree.eventstore.partition.WindowEpoch});</li>
 * <li>{@code RingCounters}: the counters statistics derive from; {@code RingCapture}: capture and restore;</li>
 * <li>{@link dev.lockfree.eventstore.partition.KeyRouting}, {@link dev.lockfree.eventstore.partition.ProducerIndex},
 *     {@link dev.lockfree.eventstore.partition.ProducerRings}: which partition an append goes to.</li>
 * </ul>
 *
 * <h2>Memory ordering</h2>
 * All shared state is accessed through {@link java.lang.invoke.VarHandle}s, with the weakest mode that the protocol
 * allows, and a comment at each use saying why it suffices:
 * <ul>
 * <li><b>claim</b>: {@code getAndAdd} on {@code tail} (a full fence on x86, {@code lock xadd}); the reject policy
 *     claims by {@code compareAndSet}.</li>
 * <li><b>publish</b>: a slot's stamp goes {@code WRITING(p)} by {@code setOpaque} (or by CAS during maintenance),
 *     then {@code VarHandle.storeStoreFence()}, the plain event store, and {@code PUBLISHED(p)} by
 *     {@code setRelease} (the lazySet of {@code AtomicLong}: ordered after the event store, no StoreLoad fence).</li>
 * <li><b>read</b>: seqlock style, {@code getAcquire} of the stamp, plain load of the event,
 *     {@code VarHandle.loadLoadFence()}, {@code getVolatile} of the stamp again; a bulk capture replaces the per-slot
 *     second read by one {@code acquireFence} and a second read of {@code tail}.</li>
 * <li><b>maintenance</b>: {@code compareAndSet} from {@code PUBLISHED(q)} to {@code REMOVED(q)}, under the ring's
 *     maintenance lock, with a volatile flag that producers read right after their claim.</li>
 * <li><b>counters</b>: {@code volatile} fields updated by {@code getAndAdd} when several threads write them, by a
 *     plain read-modify-write of the volatile when one lock guards every writer.</li>
 * <li><b>opaque</b> reads and writes ({@code getOpaque}/{@code setOpaque}) only where a stale value is harmless and
 *     tearing is not (e.g. the owner ids of {@code ProducerRings}).</li>
 * </ul>
 *
 * <h2>Naming</h2>
 * VarHandles are upper-case constants named after their field ({@code TAIL}, {@code CAPACITY_MARK}) or their array
 * ({@code STAMPS}). Padding follows the Disruptor/JCTools layout: a chain of abstract classes
 * ({@code RingLeftPadding}, {@code RingTail}, {@code RingRightPadding}) whose fields HotSpot lays out superclass
 * first, padding fields named {@code p01..p07} before and {@code p11..p17} after the padded field. Stamps are
 * {@code position * 4 + state} with the states {@code WRITING}, {@code PUBLISHED}, {@code REMOVED}.
 */
package dev.lockfree.eventstore.partition;
