package dev.lockfree.eventstore.client;

/**
 * The server answered outside the stream HTTP contract: a status the call does not expect (for example a
 * 404 that is not a "Stream not found" problem, which usually means a wrong base URL), or a body that is
 * not the JSON the contract describes.
 */
public class UnexpectedResponseException extends EventStoreClientException {

    /**
     * Creates the exception.
     *
     * @param message  the message, naming what was unexpected
     * @param stream   the stream of the call
     * @param status   the HTTP status of the response
     * @param problem  the problem detail, {@code null} if the response had none
     * @param attempts the requests sent for the call
     * @param cause    the parse failure, {@code null} if none
     */
    public UnexpectedResponseException(String message, String stream, int status, Problem problem, int attempts,
                                       Throwable cause) {
        super(message, stream, status, problem, attempts, cause);
    }
}
