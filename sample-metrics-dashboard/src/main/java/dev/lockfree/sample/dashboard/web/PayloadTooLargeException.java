package dev.lockfree.sample.dashboard.web;

import java.io.IOException;

/**
 * A request body longer than the configured limit. An {@link IOException} because it is thrown from inside the
 * body stream while a message converter reads it; the problem handler finds it in the cause chain.
 */
public class PayloadTooLargeException extends IOException {

    private final long limitBytes;

    public PayloadTooLargeException(long limitBytes) {
        super("Request body exceeds the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
