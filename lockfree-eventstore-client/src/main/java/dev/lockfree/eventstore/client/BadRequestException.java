package dev.lockfree.eventstore.client;

/**
 * The server refused the request as invalid: HTTP 400 (bad stream name, header or parameter, body not a
 * JSON object), 413 (body larger than the server's limit) or 415 (not JSON). Never retried; nothing was
 * stored.
 */
public class BadRequestException extends EventStoreClientException {

    /**
     * Creates the exception.
     *
     * @param message  the message
     * @param stream   the stream of the call
     * @param status   400, 413 or 415
     * @param problem  the problem detail, {@code null} if the server sent none
     * @param attempts the requests sent for the call
     */
    public BadRequestException(String message, String stream, int status, Problem problem, int attempts) {
        super(message, stream, status, problem, attempts, null);
    }

    /**
     * The problem's title.
     *
     * @return the title, {@code null} if the server sent no problem or no title
     */
    public String title() {
        return problem().map(Problem::title).orElse(null);
    }

    /**
     * The problem's detail, which names what was wrong.
     *
     * @return the detail, {@code null} if the server sent no problem or no detail
     */
    public String detail() {
        return problem().map(Problem::detail).orElse(null);
    }
}
