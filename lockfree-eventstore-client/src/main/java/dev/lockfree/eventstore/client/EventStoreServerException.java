package dev.lockfree.eventstore.client;

/**
 * The server failed (HTTP 5xx), after the retries the call was allowed (see {@link RetryPolicy}). For an
 * append, 503 means the server's store is full under a reject policy.
 */
public class EventStoreServerException extends EventStoreClientException {

    /**
     * Creates the exception.
     *
     * @param message  the message
     * @param stream   the stream of the call
     * @param status   the 5xx status of the last response
     * @param problem  the problem detail, {@code null} if the server sent none
     * @param attempts the requests sent for the call
     */
    public EventStoreServerException(String message, String stream, int status, Problem problem, int attempts) {
        super(message, stream, status, problem, attempts, null);
    }
}
