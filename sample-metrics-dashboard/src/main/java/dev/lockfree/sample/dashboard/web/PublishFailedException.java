package dev.lockfree.sample.dashboard.web;

/**
 * The broker did not acknowledge an event published to a Kafka-fed store (kafka profile): rendered as 502, and the
 * event counts as not stored (it may still arrive; the client may retry).
 */
public class PublishFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
