package dev.lockfree.eventstore.client;

/**
 * The condition an append puts on the current version of its stream, sent as the
 * {@code ES-ExpectedVersion} header.
 *
 * <ul>
 *   <li>{@link #ANY}: no condition (header {@code any});</li>
 *   <li>{@link #NO_STREAM}: the stream must not exist yet (header {@code -1});</li>
 *   <li>{@link #STREAM_EXISTS}: the stream must already exist, i.e. have at least one version (header
 *       {@code -4}, KurrentDB's value);</li>
 *   <li>{@link #exactly(long) exactly(n)}: the stream's last version must be {@code n} (header {@code n}).</li>
 * </ul>
 *
 * <p>A failed condition makes the server answer 409, thrown as {@link WrongExpectedVersionException}.
 */
public final class ExpectedVersion {

    /** No condition on the stream's version. */
    public static final ExpectedVersion ANY = new ExpectedVersion(-2, "any");

    /** The stream must not exist yet: the append creates it at version 0. */
    public static final ExpectedVersion NO_STREAM = new ExpectedVersion(-1, "-1");

    /**
     * The stream must exist: at least one version was assigned in it (even if its events have since been
     * evicted). The append never creates a stream.
     */
    public static final ExpectedVersion STREAM_EXISTS = new ExpectedVersion(-4, "-4");

    // -2 for ANY, -1 for NO_STREAM, -4 for STREAM_EXISTS (KurrentDB's values), else the exact version; kept private so callers use the factories
    private final long value;
    private final String headerValue;

    private ExpectedVersion(long value, String headerValue) {
        this.value = value;
        this.headerValue = headerValue;
    }

    /**
     * The stream's last version must be exactly {@code version}.
     *
     * @param version the expected last version, {@code >= 0}
     * @return the condition
     * @throws IllegalArgumentException if {@code version} is negative (use {@link #NO_STREAM} for a new stream)
     */
    public static ExpectedVersion exactly(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("Expected version must be >= 0, was " + version
                    + " (use ExpectedVersion.NO_STREAM for a stream that must not exist)");
        }
        return new ExpectedVersion(version, Long.toString(version));
    }

    /**
     * The text of the {@code ES-ExpectedVersion} header: {@code "any"}, {@code "-1"}, {@code "-4"} or the version.
     *
     * @return the header value
     */
    public String headerValue() {
        return headerValue;
    }

    /**
     * Whether this is {@link #exactly(long)} some version.
     *
     * @return {@code true} for an exact version
     */
    public boolean isExact() {
        return value >= 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExpectedVersion && ((ExpectedVersion) other).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return headerValue;
    }
}
