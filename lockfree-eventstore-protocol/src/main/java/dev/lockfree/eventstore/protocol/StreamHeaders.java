package dev.lockfree.eventstore.protocol;

/** The HTTP headers of the stream protocol. */
public final class StreamHeaders {

    /** The header carrying an append's {@link ExpectedVersion}, as {@link ExpectedVersion#headerValue()}. */
    public static final String EXPECTED_VERSION = "ES-ExpectedVersion";

    /** The header carrying an append's idempotency key (see {@link IdempotencyKeys}). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private StreamHeaders() {
    }
}
