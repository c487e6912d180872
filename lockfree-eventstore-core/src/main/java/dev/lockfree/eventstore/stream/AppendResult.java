package dev.lockfree.eventstore.stream;

/**
 * The outcome of an idempotent append.
 *
 * @param version   the version of the event: the new one, or, for a duplicate, the version the original
 *                  append with the same idempotency key got
 * @param duplicate {@code true} when the key was already known for the stream and nothing was stored
 */
public record AppendResult(long version, boolean duplicate) {
}
