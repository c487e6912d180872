package dev.lockfree.eventstore.client;

import java.util.Optional;

/**
 * Base of every failure the {@link EventStoreClient} reports. Unchecked.
 *
 * <p>Carries the stream the call was about, the HTTP status of the last response ({@code 0} when none
 * came: connection failure, timeout, interruption), the RFC 9457 problem the server sent if any, and how
 * many attempts were made (more than one only for calls that are retried, see {@link RetryPolicy}).
 *
 * <p>Subtypes: {@link WrongExpectedVersionException} (409), {@link StreamNotFoundException} (404),
 * {@link BadRequestException} (400, 413, 415), {@link EventStoreServerException} (5xx),
 * {@link EventStoreIoException} and its {@link EventStoreTimeoutException} (no response),
 * {@link UnexpectedResponseException} (an answer outside the contract) and
 * {@link EventDataMappingException} (event data that does not map to the requested type). Other statuses
 * (for example 429 after the last retry, or 401/403 from a proxy) are reported with this class itself.
 */
public class EventStoreClientException extends RuntimeException {

    /** The stream of the call, or null. */
    private final String stream;
    /** The last HTTP status, 0 when none came. */
    private final int status;
    /** The last problem detail, or null; not serialized. */
    private final transient Problem problem;
    /** The requests sent. */
    private final int attempts;

    /**
     * Creates an exception.
     *
     * @param message  the message, naming the stream and the problem
     * @param stream   the stream of the failed call, {@code null} if none
     * @param status   the HTTP status of the last response, {@code 0} if none came
     * @param problem  the problem detail of that response, {@code null} if it had none
     * @param attempts the requests sent for the call
     * @param cause    the underlying failure, {@code null} if none
     */
    public EventStoreClientException(String message, String stream, int status, Problem problem, int attempts,
                                     Throwable cause) {
        super(message, cause);
        this.stream = stream;
        this.status = status;
        this.problem = problem;
        this.attempts = attempts;
    }

    /**
     * The stream of the failed call.
     *
     * @return the stream name, {@code null} if the call named none
     */
    public String stream() {
        return stream;
    }

    /**
     * The HTTP status of the last response.
     *
     * @return the status, {@code 0} when no response came
     */
    public int status() {
        return status;
    }

    /**
     * The problem detail the server sent with the last response.
     *
     * @return the problem, empty when the response had no {@code application/problem+json} body or none came
     */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /**
     * How many requests the call sent, retries included.
     *
     * @return at least 1 once a request was attempted
     */
    public int attempts() {
        return attempts;
    }
}
