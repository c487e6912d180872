package dev.lockfree.eventstore.stream;

/**
 * What a conditional append expects of its stream, compared with the stream's current version (its
 * newest version, -1 when nothing was ever appended to it). The special values are KurrentDB's:
 * {@code -2} any, {@code -1} no stream, {@code -4} stream exists; {@code n >= 0} is an exact version.
 *
 * <p>A stream "exists" once a version was assigned in it, even if the store has since evicted (or a
 * clear/purge removed) every one of its events: versions are never reused.
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
    /** The stream must have at least one version. */
    public static final ExpectedVersion STREAM_EXISTS = new ExpectedVersion(STREAM_EXISTS_VALUE);

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

    /** From KurrentDB's numeric encoding (e.g. an HTTP header): same rules as the constructor. */
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
