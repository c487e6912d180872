package dev.lockfree.eventstore.client;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding of one path segment or one query parameter value: every UTF-8 byte outside
 * the unreserved set {@code [A-Za-z0-9-._~]} becomes {@code %XX}. Stricter than the RFC needs (it also
 * encodes sub-delimiters such as {@code ';'} and {@code '+'}), because servers read some of those as
 * path parameters or as spaces.
 */
final class PercentEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /**
     * Encodes a path segment or query value.
     *
     * @param text the text
     * @return the encoded text; unchanged if it is all unreserved characters
     */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = null;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isUnreserved(b)) {
                if (out != null) {
                    out.append((char) b);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(bytes.length * 3);
                out.append(text, 0, i); // all bytes before i were single-byte unreserved characters
            }
            out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnreserved(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '.' || b == '_' || b == '~';
    }
}
