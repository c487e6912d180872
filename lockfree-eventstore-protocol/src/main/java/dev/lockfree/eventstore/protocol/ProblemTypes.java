package dev.lockfree.eventstore.protocol;

import java.net.URI;

/**
 * The RFC 9457 problem {@code type}s a stream server answers with: {@link #PREFIX} followed by a slug.
 * There is no page behind these URIs; they are identifiers a client can switch on.
 */
public final class ProblemTypes {

    /** Every problem type of the API starts with this. */
    public static final String PREFIX = "https://lockfree.dev/problems/";

    /** 400: a request part (a stream name, a header, a parameter) breaks a rule; {@code field} names it. */
    public static final String INVALID_REQUEST = "invalid-request";
    public static final String INVALID_REQUEST_TITLE = "Invalid request";

    /** 404: the stream does not exist. */
    public static final String NOT_FOUND = "not-found";
    public static final String STREAM_NOT_FOUND_TITLE = "Stream not found";

    /** 409: the {@link StreamHeaders#EXPECTED_VERSION} condition failed. */
    public static final String WRONG_EXPECTED_VERSION = "wrong-expected-version";
    public static final String WRONG_EXPECTED_VERSION_TITLE = "Wrong expected version";

    /** 503: the server holds as many streams as it may, and none can be reclaimed. */
    public static final String STREAM_LIMIT = "stream-limit";
    public static final String STREAM_LIMIT_TITLE = "Stream limit reached";

    /** 429: one client created too many new streams in a window. */
    public static final String NEW_STREAM_RATE = "new-stream-rate";
    public static final String NEW_STREAM_RATE_TITLE = "Too many new streams";

    private ProblemTypes() {
    }

    /** {@link #PREFIX} resolved with {@code slug}. */
    public static URI uri(String slug) {
        return URI.create(PREFIX + slug);
    }
}
