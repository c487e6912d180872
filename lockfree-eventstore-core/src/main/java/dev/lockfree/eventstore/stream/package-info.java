/**
 * Named streams over an {@link dev.lockfree.eventstore.EventStore}: {@link dev.lockfree.eventstore.stream.EventStreams}
 * (per-stream versions, conditional and idempotent appends, gap-free reads), its value types
 * ({@link dev.lockfree.eventstore.stream.StreamRecord}, {@link dev.lockfree.eventstore.stream.StreamSlice},
 * {@link dev.lockfree.eventstore.stream.ExpectedVersion}, {@link dev.lockfree.eventstore.stream.AppendResult}),
 * the name and key rules shared with the HTTP layer ({@link dev.lockfree.eventstore.stream.StreamNames},
 * {@link dev.lockfree.eventstore.stream.IdempotencyKeys}) and the snapshot codec
 * ({@link dev.lockfree.eventstore.stream.StreamRecordCodec}). The version protocol lives in the package-private
 * {@code StreamLog} and {@code LogSegment}, the dedupe horizon in {@code DedupeWindow}.
 */
package dev.lockfree.eventstore.stream;
