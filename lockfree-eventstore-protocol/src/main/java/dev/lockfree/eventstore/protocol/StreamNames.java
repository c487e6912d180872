package dev.lockfree.eventstore.protocol;

/**
 * The rules for stream names, the same for the core, the client (which checks before any request) and the
 * HTTP server.
 *
 * <p>A name is 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._/-]}, with no {@code ".."}, no
 * leading or trailing {@code '/'}, no {@code "//"} and no {@code "."} segment: so {@code orders} and
 * {@code gateway/orders.eu-1} are streams, while nothing that could climb a path, hide an empty segment or be
 * normalised away by a URL parser is. Every allowed character is unreserved in a URI path or is the
 * {@code '/'} separator, so a valid name is its own path below {@code /streams/}: nothing is percent-encoded.
 */
public final class StreamNames {

    /** Longest stream name. */
    public static final int MAX_LENGTH = 200;

    private StreamNames() {
    }

    /**
     * Returns {@code name} if it is a valid stream name.
     *
     * @throws IllegalArgumentException naming the stream (escaped, see {@link #describe}) and the rule it breaks
     */
    public static String validate(String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return name;
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** What is wrong with {@code name}, as a message naming it, or {@code null} if it is valid. */
    public static String problem(String name) {
        if (name == null) {
            return "Invalid stream name: it must not be null";
        }
        if (name.isEmpty()) {
            return "Invalid stream name \"\": it must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "Invalid stream name " + describe(name) + ": it is " + name.length()
                    + " characters long, the maximum is " + MAX_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!allowed(c)) {
                return "Invalid stream name " + describe(name) + ": character " + UntrustedText.character(c)
                        + " at index " + i + " is not allowed (allowed: A-Z a-z 0-9 . _ / -)";
            }
        }
        if (name.contains("..")) {
            return "Invalid stream name " + describe(name) + ": it must not contain \"..\"";
        }
        if (name.charAt(0) == '/') {
            return "Invalid stream name " + describe(name) + ": it must not start with '/'";
        }
        if (name.charAt(name.length() - 1) == '/') {
            return "Invalid stream name " + describe(name) + ": it must not end with '/'";
        }
        if (name.contains("//")) {
            return "Invalid stream name " + describe(name) + ": it must not contain \"//\" (an empty segment)";
        }
        if (name.equals(".") || name.startsWith("./") || name.endsWith("/.") || name.contains("/./")) {
            // A URL path normalises "a/./b" to "a/b": over HTTP the name would silently become another stream.
            return "Invalid stream name " + describe(name) + ": it must not have a \".\" segment";
        }
        return null;
    }

    /** The name quoted for a message: see {@link UntrustedText#quote}. */
    public static String describe(String name) {
        return UntrustedText.quote(name);
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '/' || c == '-';
    }
}
