package dev.lockfree.eventstore.snapshot;

import java.io.IOException;

/**
 * A snapshot is intact but cannot be used by this configuration: it was written by a different codec, with a
 * different schema version than expected, or in a newer file format. Unlike corruption this is a
 * configuration or upgrade problem, so restore fails fast instead of quietly falling back to older data, and
 * the file is left untouched.
 */
public class IncompatibleSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSnapshotException(String message) {
        super(message);
    }
}
