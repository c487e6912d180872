package dev.lockfree.eventstore.client;

/**
 * An event read from the server does not map to the type the caller asked for (the cause is Jackson's
 * exception).
 */
public class EventDataMappingException extends EventStoreClientException {

    /** The version of the event that did not map. */
    private final long version;
    /** The type asked for. */
    private final Class<?> targetType;

    /**
     * Creates the exception.
     *
     * @param message    the message
     * @param stream     the stream read
     * @param version    the version of the event that did not map
     * @param targetType the type asked for
     * @param attempts   the requests sent for the page holding the event
     * @param cause      Jackson's failure
     */
    public EventDataMappingException(String message, String stream, long version, Class<?> targetType,
                                     int attempts, Throwable cause) {
        super(message, stream, 200, null, attempts, cause);
        this.version = version;
        this.targetType = targetType;
    }

    /**
     * The version of the event that did not map.
     *
     * @return the event version
     */
    public long version() {
        return version;
    }

    /**
     * The type the event was to be mapped to.
     *
     * @return the target type
     */
    public Class<?> targetType() {
        return targetType;
    }
}
