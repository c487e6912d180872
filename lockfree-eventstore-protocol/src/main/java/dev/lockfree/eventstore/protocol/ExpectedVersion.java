package dev.lockfree.eventstore.protocol;

/**
 * What a conditional append expects of its stream, compared with the stream's current version (its newest
 * version, -1 when nothing was ever appended to it). The special values are KurrentDB's: {@code -2} any,
 * {@code -1} no stream, {@code -4} stream exists; {@code n >= 0} is an exact version.
 *
 * <ul>
 *   <li>{@link #ANY}: no condition (header {@code any});</li>
 *   <li>{@link #NO_STREAM}: the stream must not exist yet, the append gets version 0 (header {@code -1});</li>
 *   <li>{@link #STREAM_EXISTS}: the stream must have at least one version (header {@code -4});</li>
 *   <li>{@link #exactly(long) exactly(n)}: the stream's current version must be {@code n} (header {@code n}).</li>
 * </ul>
 *
 * <p>A stream "exists" once a version was assigned in it, even if every one of its events has since been
 * evicted (or cleared): versions are never reused. Over HTTP the condition travels in the
 * {@link StreamHeaders#EXPECTED_VERSION} header: {@link #headerValue()} writes it, {@link #parseHeader} reads it.
 *
 * @param value {@code n >= 0}, or one of {@link #ANY_VALUE}, {@link #NO_STREAM_VALUE}, {@link #STREAM_EXISTS_VALUE}
 */
public record ExpectedVersion(long value) {

    public static final long ANY_VALUE = -2;
    public static final long NO_STREAM_VALUE = -1;
    public static final long STREAM_EXISTS_VALUE = -4;

    /** No condition. */
    public static final ExpectedVersion ANY = new ExpectedVersion(ANY_VALUE);
    /** The stream must not exist yet: the append must get version 0. */
    public static final ExpectedVersion NO_STREAM = new ExpectedVersion(NO_STREAM_VALUE);
    /** The stream must have at least one version; the append never creates a stream. */
    public static final ExpectedVersion STREAM_EXISTS = new ExpectedVersion(STREAM_EXISTS_VALUE);

    private static final String ANY_HEADER = "any";

    public ExpectedVersion {
        if (value < 0 && value != ANY_VALUE && value != NO_STREAM_VALUE && value != STREAM_EXISTS_VALUE) {
            throw new IllegalArgumentException("Invalid expected version " + value + ": use a version >= 0, "
                    + ANY_VALUE + " (any), " + NO_STREAM_VALUE + " (no stream) or " + STREAM_EXISTS_VALUE
                    + " (stream exists)");
        }
    }

    /** The stream's current version must be exactly {@code version}: the append gets {@code version + 1}. */
    public static ExpectedVersion exactly(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("An exact expected version must be >= 0 but was " + version
                    + "; use ExpectedVersion.NO_STREAM for a stream that must not exist");
        }
        return new ExpectedVersion(version);
    }

    /** From KurrentDB's numeric encoding: same rules as the constructor, the constants for special values. */
    public static ExpectedVersion of(long value) {
        if (value == ANY_VALUE) {
            return ANY;
        }
        if (value == NO_STREAM_VALUE) {
            return NO_STREAM;
        }
        if (value == STREAM_EXISTS_VALUE) {
            return STREAM_EXISTS;
        }
        return new ExpectedVersion(value);
    }

    /**
     * Reads an {@link StreamHeaders#EXPECTED_VERSION} header value: {@code any} (any case) or a number
     * {@link #of(long)} accepts ({@code -2} is any as well). Surrounding whitespace is ignored, as HTTP does.
     *
     * @throws IllegalArgumentException naming the header and the (escaped) value when it is none of these
     */
    public static ExpectedVersion parseHeader(String header) {
        if (header != null) {
            String text = header.strip();
            if (text.equalsIgnoreCase(ANY_HEADER)) {
                return ANY;
            }
            try {
                long value = Long.parseLong(text);
                if (value >= 0 || value == ANY_VALUE || value == NO_STREAM_VALUE || value == STREAM_EXISTS_VALUE) {
                    return of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(StreamHeaders.EXPECTED_VERSION + " must be a version >= 0, -1 (the "
                + "stream must not exist), -4 (the stream must exist) or 'any', was " + UntrustedText.quote(header));
    }

    /** The text of the {@link StreamHeaders#EXPECTED_VERSION} header: {@code any}, {@code -1}, {@code -4} or the version. */
    public String headerValue() {
        return value == ANY_VALUE ? ANY_HEADER : Long.toString(value);
    }

    /** Whether a stream whose current version is {@code currentVersion} (-1: none) satisfies this. */
    public boolean matches(long currentVersion) {
        if (value == ANY_VALUE) {
            return true;
        }
        if (value == NO_STREAM_VALUE) {
            return currentVersion < 0;
        }
        if (value == STREAM_EXISTS_VALUE) {
            return currentVersion >= 0;
        }
        return currentVersion == value;
    }

    public boolean isAny() {
        return value == ANY_VALUE;
    }

    /** Whether this is {@link #exactly(long)} some version. */
    public boolean isExact() {
        return value >= 0;
    }

    @Override
    public String toString() {
        if (value == ANY_VALUE) {
            return "any";
        }
        if (value == NO_STREAM_VALUE) {
            return "no stream";
        }
        if (value == STREAM_EXISTS_VALUE) {
            return "stream exists";
        }
        return Long.toString(value);
    }
}
