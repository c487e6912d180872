package dev.lockfree.eventstore.protocol;

/**
 * Renders untrusted text (a rejected stream name, idempotency key or header value) for an error message:
 * printable ASCII as is, quotes and backslashes escaped, everything else as {@code \\uXXXX}, and long values
 * cut, so that a message can be logged or returned over HTTP without injecting anything (no control
 * characters, no line breaks, no bidi overrides, no unpaired surrogates).
 */
public final class UntrustedText {

    /** Characters of the value shown before the rest is elided. */
    public static final int MAX_SHOWN = 64;

    private UntrustedText() {
    }

    /**
     * {@code "value"} in double quotes, escaped, at most {@value #MAX_SHOWN} characters of it followed by
     * {@code ... (n chars)} when longer; {@code null} for a null value.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        int shown = Math.min(value.length(), MAX_SHOWN);
        StringBuilder out = new StringBuilder(shown + 16).append('"');
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(unicode(c));
            }
        }
        out.append('"');
        if (value.length() > shown) {
            out.append("... (").append(value.length()).append(" chars)");
        }
        return out.toString();
    }

    /** One character for a message: {@code 'x'} when printable ASCII, {@code \\uXXXX} otherwise. */
    public static String character(char c) {
        return c >= 0x20 && c < 0x7f && c != '\\' && c != '\'' ? "'" + c + "'" : unicode(c);
    }

    private static String unicode(char c) {
        return String.format("\\u%04X", (int) c);
    }
}
