/**
 * Named streams over an {@link dev.lockfree.eventstore.EventStore}: {@link dev.lockfree.eventstore.stream.EventStreams}
 * (per-stream versions, conditional and idempotent appends, gap-free reads), its value types
 * ({@link dev.lockfree.eventstore.stream.StreamRecord}, {@link dev.lockfree.eventstore.stream.StreamSlice},
 * {@link dev.lockfree.eventstore.stream.AppendResult}) and the snapshot codec
 * ({@link dev.lockfree.eventstore.stream.StreamRecordCodec}). The version protocol lives in the package-private
 * {@code StreamLog} and {@code LogSegment}, the dedupe horizon in {@code DedupeWindow}. The stream name and
 * idempotency key rules and {@link dev.lockfree.eventstore.protocol.ExpectedVersion} are the wire protocol's
 * ({@code dev.lockfree.eventstore.protocol}, shared with the client and the HTTP server).
 */
package dev.lockfree.eventstore.stream;
