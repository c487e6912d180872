package dev.lockfree.eventstore.client;

/**
 * A read or aggregate named a stream that does not exist on the server (HTTP 404 "Stream not found").
 */
public class StreamNotFoundException extends EventStoreClientException {

    /**
     * Creates the exception.
     *
     * @param message  the message
     * @param stream   the missing stream
     * @param problem  the 404 problem detail
     * @param attempts the requests sent for the call
     */
    public StreamNotFoundException(String message, String stream, Problem problem, int attempts) {
        super(message, stream, 404, problem, attempts, null);
    }
}
