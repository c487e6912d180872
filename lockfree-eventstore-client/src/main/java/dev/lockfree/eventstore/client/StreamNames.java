package dev.lockfree.eventstore.client;

/**
 * The stream name rule of the HTTP contract, checked before any request so that a bad name fails fast
 * with a message naming what is wrong: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._/-]},
 * no {@code ".."}, no leading or trailing {@code '/'}, no {@code "//"}, no {@code "."} segment.
 */
final class StreamNames {

    /** Longest stream name the server accepts. */
    static final int MAX_LENGTH = 200;

    private StreamNames() {
    }

    /**
     * Checks a stream name.
     *
     * @param stream the name
     * @return the name
     * @throws IllegalArgumentException naming the rule the name breaks
     */
    static String requireValid(String stream) {
        if (stream == null) {
            throw new IllegalArgumentException("Stream name must not be null");
        }
        if (stream.isEmpty() || stream.length() > MAX_LENGTH) {
            throw invalid(stream, "must be 1 to " + MAX_LENGTH + " characters long, is " + stream.length());
        }
        for (int i = 0; i < stream.length(); i++) {
            char c = stream.charAt(i);
            if (!isAllowed(c)) {
                throw invalid(stream, "character " + describe(c) + " at index " + i
                        + " is not one of [A-Za-z0-9._/-]");
            }
        }
        if (stream.startsWith("/")) {
            throw invalid(stream, "must not start with '/'");
        }
        if (stream.endsWith("/")) {
            throw invalid(stream, "must not end with '/'");
        }
        if (stream.contains("//")) {
            throw invalid(stream, "must not contain \"//\"");
        }
        if (stream.contains("..")) {
            throw invalid(stream, "must not contain \"..\"");
        }
        if (("/" + stream + "/").contains("/./")) {
            // a URL path normalises "a/./b" to "a/b": the append would land in another stream
            throw invalid(stream, "must not have a \".\" segment");
        }
        return stream;
    }

    /**
     * The path of a valid stream name below {@code /streams/}: the name itself. Every character a valid name
     * may hold is unreserved in a URI path ({@code A-Z a-z 0-9 . _ -}) or the {@code '/'} separator, so
     * there is nothing to percent-encode.
     *
     * @param stream a name that passed {@link #requireValid(String)}
     * @return the raw path
     */
    static String encodePath(String stream) {
        return stream;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-' || c == '/';
    }

    private static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static IllegalArgumentException invalid(String stream, String why) {
        String shown = stream.length() > 60 ? stream.substring(0, 60) + "..." : stream;
        return new IllegalArgumentException("Invalid stream name '" + shown + "': " + why);
    }
}
