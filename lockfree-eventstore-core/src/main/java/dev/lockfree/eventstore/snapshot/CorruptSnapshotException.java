package dev.lockfree.eventstore.snapshot;

import java.io.IOException;

/**
 * A snapshot file failed validation: it is truncated, has a bad checksum, impossible lengths, or a payload the
 * codec cannot decode. Restore quarantines such a file and falls back to an older one.
 */
public class CorruptSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;

    public CorruptSnapshotException(String source, String problem) {
        this(source, problem, null);
    }

    public CorruptSnapshotException(String source, String problem, Throwable cause) {
        super("Corrupt snapshot " + source + ": " + problem, cause);
        this.source = source;
    }

    /** What was being read: store, partition and file name when known. */
    public String source() {
        return source;
    }
}
