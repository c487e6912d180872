/**
 * Named streams over an {@link dev.lockfree.eventstore.EventStore}: {@link dev.lockfree.eventstore.stream.EventStreams}
 * (per-stream versions, conditional and idempotent appends, gap-free reads), its value types
 * ({@link dev.lockfree.eventstore.stream.StreamRecord}, {@link dev.lockfree.eventstore.stream.StreamSlice},
 * {@link dev.lockfree.eventstore.stream.AppendResult}) and the snapshot codec
 * ({@link dev.lockfree.eventstore.stream.StreamRecordCodec}). The version protocol lives in the package-private
 * {@code StreamLog} and {@code LogSegment}, the dedupe horizon in {@code DedupeWindow}. The stream name and
 * idempotency key rules and {@link dev.lockfree.eventstore.protocol.ExpectedVersion} are the wire protocol's
 * ({@code dev.lockfree.eventstore.protocol}, shared with the client and the HTTP server).
 *
 * <h2>Memory ordering</h2>
 * A version is assigned and published by one {@code compareAndSet} of a segment slot from {@code null} to the record
 * (the linearisation point, see {@code StreamLog}); readers walk slots with {@code getAcquire} and stop at the first
 * free one, so every reader sees the same gap-free order; evicted slots are {@code setRelease}d to a sentinel. Hints
 * ({@code head}) only move forward, by CAS, and a stale one merely costs a longer walk. The store's removal
 * counts, read through {@link dev.lockfree.eventstore.StoreInternals}, tell the index when a clear or purge needs
 * reconciling.
 *
 * <h2>Conventions</h2>
 * VarHandles are upper-case constants named after their field ({@code HEAD}, {@code OLDEST}); sentinels in slots
 * ({@code LogSegment.EVICTED}, {@code SEALED}) are identity-compared objects, never {@code null}.
 */
package dev.lockfree.eventstore.stream;
