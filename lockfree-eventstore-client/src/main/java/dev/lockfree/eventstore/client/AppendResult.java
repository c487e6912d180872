package dev.lockfree.eventstore.client;

import java.util.Objects;

/**
 * What the server answered to an append.
 *
 * @param stream    the stream appended to
 * @param version   the version of the event in its stream (0 for the first); for a duplicate, the version
 *                  the event got when its idempotency key was first seen
 * @param duplicate {@code true} when the server had already seen the idempotency key for this stream
 *                  (HTTP 200) and stored nothing this time; {@code false} for a new event (HTTP 201)
 */
public record AppendResult(String stream, long version, boolean duplicate) {

    /**
     * Checks the components.
     *
     * @param stream    the stream appended to
     * @param version   the event's version
     * @param duplicate whether the idempotency key had been seen before
     * @throws NullPointerException if {@code stream} is null
     */
    public AppendResult {
        Objects.requireNonNull(stream, "stream");
    }
}
