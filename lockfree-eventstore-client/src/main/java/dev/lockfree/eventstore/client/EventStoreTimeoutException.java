package dev.lockfree.eventstore.client;

/**
 * The connection or the response did not come within the configured connect or request timeout (the
 * cause is the {@code HttpTimeoutException} or {@code HttpConnectTimeoutException}).
 */
public class EventStoreTimeoutException extends EventStoreIoException {

    /**
     * Creates the exception.
     *
     * @param message  the message
     * @param stream   the stream of the call
     * @param attempts the requests sent for the call
     * @param cause    the timeout of the last attempt
     */
    public EventStoreTimeoutException(String message, String stream, int attempts, Throwable cause) {
        super(message, stream, attempts, cause);
    }
}
