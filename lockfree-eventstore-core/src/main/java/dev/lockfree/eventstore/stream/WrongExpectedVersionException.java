package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.protocol.StreamNames;

/**
 * A conditional append found its stream at another version than expected; nothing was appended. The
 * current version is the one the append was checked against (-1: the stream has no version), so a
 * client can re-read from there and retry. It is an expected outcome of optimistic concurrency, thrown often
 * under contention, so it carries no stack trace.
 */
public final class WrongExpectedVersionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String stream;
    private final transient ExpectedVersion expected;
    private final long currentVersion;

    public WrongExpectedVersionException(String stream, ExpectedVersion expected, long currentVersion) {
        super(message(stream, expected, currentVersion), null, false, false);
        this.stream = stream;
        this.expected = expected;
        this.currentVersion = currentVersion;
    }

    private static String message(String stream, ExpectedVersion expected, long currentVersion) {
        String actual = currentVersion < 0 ? "the stream does not exist (current version -1)"
                : "the stream is at version " + currentVersion;
        String wanted;
        if (expected.value() == ExpectedVersion.NO_STREAM_VALUE) {
            wanted = "no stream";
        } else if (expected.value() == ExpectedVersion.STREAM_EXISTS_VALUE) {
            wanted = "an existing stream";
        } else {
            wanted = "version " + expected.value();
        }
        return "Wrong expected version for stream " + StreamNames.describe(stream) + ": expected " + wanted
                + ", but " + actual;
    }

    public String stream() {
        return stream;
    }

    public ExpectedVersion expected() {
        return expected;
    }

    /** The stream's version when the append was refused; -1 when it had none. */
    public long currentVersion() {
        return currentVersion;
    }
}
