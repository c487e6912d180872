package dev.lockfree.eventstore.client;

/**
 * No response came: the connection could not be made, or broke (the cause is the {@code IOException}).
 * For an append without idempotency key the outcome is unknown: the event may or may not be stored.
 */
public class EventStoreIoException extends EventStoreClientException {

    /**
     * Creates the exception.
     *
     * @param message  the message
     * @param stream   the stream of the call
     * @param attempts the requests sent for the call
     * @param cause    the I/O failure of the last attempt
     */
    public EventStoreIoException(String message, String stream, int attempts, Throwable cause) {
        super(message, stream, 0, null, attempts, cause);
    }
}
