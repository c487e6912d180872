package dev.lockfree.eventstore.client;

import dev.lockfree.eventstore.protocol.ExpectedVersion;

/**
 * The server refused an append because the stream's version did not match the
 * {@link ExpectedVersion} (HTTP 409). Nothing was stored.
 */
public class WrongExpectedVersionException extends EventStoreClientException {

    /** The expected version as header text. */
    private final String expectedVersion;
    /** The stream's version, -1 when it does not exist. */
    private final long currentVersion;

    /**
     * Creates the exception.
     *
     * @param message         the message
     * @param stream          the stream appended to
     * @param problem         the 409 problem detail
     * @param attempts        the requests sent for the call
     * @param expectedVersion the expected version as the server echoed it (header text, for example
     *                        {@code "-1"} or {@code "3"})
     * @param currentVersion  the stream's actual last version, {@code -1} when the stream does not exist
     */
    public WrongExpectedVersionException(String message, String stream, Problem problem, int attempts,
                                         String expectedVersion, long currentVersion) {
        super(message, stream, 409, problem, attempts, null);
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    /**
     * The expected version the append carried, as header text.
     *
     * @return {@code "any"}, {@code "-1"} or the version
     */
    public String expectedVersion() {
        return expectedVersion;
    }

    /**
     * The stream's last version when the server refused the append.
     *
     * @return the version, {@code -1} when the stream does not exist
     */
    public long currentVersion() {
        return currentVersion;
    }
}
