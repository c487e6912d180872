package dev.lockfree.eventstore.codec;

import java.io.IOException;

/**
 * Lossless byte encoding of any Java {@link String}: <a href="https://simonsapin.github.io/wtf-8/">WTF-8</a>.
 *
 * <p>A {@code String} is a sequence of UTF-16 code units and may hold an unpaired surrogate (for example from
 * a JSON unicode escape of U+D800); strict UTF-8 cannot represent one, and a lenient encoder replaces it with
 * {@code '?'}. A codec must never fail on, or silently change, an event the store accepted, so the built-in
 * codecs write strings with this class instead:
 *
 * <ul>
 * <li>a well-formed string gives exactly the bytes of {@code s.getBytes(StandardCharsets.UTF_8)}, so files
 *     written with strict UTF-8 before read back unchanged and the codec names did not change;</li>
 * <li>an unpaired surrogate is written as the 3-byte sequence of its code unit ({@code ED A0 80} to
 *     {@code ED BF BF}), which strict UTF-8 forbids and therefore never produces.</li>
 * </ul>
 *
 * <p>{@link #decode} is strict in every other respect: overlong forms, code points above U+10FFFF, stray
 * continuation bytes and truncated sequences are rejected. It also rejects a high-surrogate sequence followed
 * directly by a low-surrogate sequence (CESU-8 style): that pair is one supplementary character, which
 * {@link #encode} always writes as one 4-byte sequence. Accepting it would give two byte forms for one
 * string; WTF-8 forbids it, and in a snapshot it can only mean corruption or a foreign writer.
 */
public final class Wtf8 {

    private Wtf8() {
    }

    /** The number of bytes {@link #encode} produces for {@code s}, computed without allocating. */
    public static int encodedLength(String s) {
        int length = s.length();
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // BMP character or unpaired surrogate
            }
        }
        // at most 3 bytes per char: the long cannot overflow, an int could
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("String of " + length + " chars encodes to " + bytes
                    + " bytes, more than a byte array holds");
        }
        return (int) bytes;
    }

    /** Encodes {@code s}; equal to {@code s.getBytes(UTF_8)} whenever {@code s} holds no unpaired surrogate. */
    public static byte[] encode(String s) {
        byte[] out = new byte[encodedLength(s)];
        int length = s.length();
        int p = 0;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | c >> 6);
                out[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[p++] = (byte) (0xF0 | cp >> 18);
                out[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[p++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[p++] = (byte) (0xE0 | c >> 12);
                out[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return out;
    }

    /** Decodes all of {@code bytes}; see {@link #decode(byte[], int, int)}. */
    public static String decode(byte[] bytes) throws IOException {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes {@code length} bytes from {@code offset}.
     *
     * @throws IOException naming the offending byte offset and the problem when the bytes are not WTF-8
     */
    public static String decode(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        char[] out = new char[length]; // never more chars than bytes
        int n = 0;
        int end = offset + length;
        int i = offset;
        // end (in chars) of the last 3-byte sequence if it held a high surrogate: detects a split pair
        int highSurrogateEnd = -1;
        while (i < end) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                out[n++] = (char) b0;
                i++;
                continue;
            }
            if (b0 < 0xC2) {
                throw malformed(bytes, offset, i, length, b0 < 0xC0 ? "unexpected continuation byte"
                        : "overlong 2-byte sequence");
            }
            if (b0 < 0xE0) {
                int b1 = continuation(bytes, offset, i, 1, end, 2, 0x80, 0xBF);
                out[n++] = (char) ((b0 & 0x1F) << 6 | b1 & 0x3F);
                i += 2;
            } else if (b0 < 0xF0) {
                // second byte ranges of RFC 3629, except that ED A0..BF (surrogates) is allowed
                int b1 = continuation(bytes, offset, i, 1, end, 3, b0 == 0xE0 ? 0xA0 : 0x80, 0xBF);
                int b2 = continuation(bytes, offset, i, 2, end, 3, 0x80, 0xBF);
                char c = (char) ((b0 & 0x0F) << 12 | (b1 & 0x3F) << 6 | b2 & 0x3F);
                if (Character.isLowSurrogate(c) && highSurrogateEnd == n) {
                    throw malformed(bytes, offset, i, length, "surrogate pair written as two 3-byte sequences "
                            + "(it must be one 4-byte sequence)");
                }
                out[n++] = c;
                highSurrogateEnd = Character.isHighSurrogate(c) ? n : -1;
                i += 3;
            } else if (b0 < 0xF5) {
                int b1 = continuation(bytes, offset, i, 1, end, 4, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF);
                int b2 = continuation(bytes, offset, i, 2, end, 4, 0x80, 0xBF);
                int b3 = continuation(bytes, offset, i, 3, end, 4, 0x80, 0xBF);
                int cp = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12 | (b2 & 0x3F) << 6 | b3 & 0x3F;
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                throw malformed(bytes, offset, i, length, "byte 0x" + hex(b0) + " never occurs in UTF-8");
            }
        }
        return new String(out, 0, n);
    }

    /** Byte {@code k} of the {@code size}-byte sequence at {@code start}, which must be in [min, max]. */
    private static int continuation(byte[] bytes, int offset, int start, int k, int end, int size, int min, int max)
            throws IOException {
        if (start + k >= end) {
            throw malformed(bytes, offset, start, end - offset, "truncated " + size + "-byte sequence");
        }
        int b = bytes[start + k] & 0xFF;
        if (b < min || b > max) {
            String problem;
            if (b < 0x80 || b > 0xBF) {
                problem = "byte " + (k + 1) + " of a " + size + "-byte sequence is 0x" + hex(b)
                        + ", not a continuation byte";
            } else if (k == 1 && (bytes[start] & 0xFF) == 0xF4) {
                problem = "code point above U+10FFFF";
            } else {
                problem = "overlong " + size + "-byte sequence";
            }
            throw malformed(bytes, offset, start, end - offset, problem);
        }
        return b;
    }

    private static IOException malformed(byte[] bytes, int offset, int at, int length, String problem) {
        StringBuilder seen = new StringBuilder();
        for (int j = at; j < Math.min(at + 4, offset + length); j++) {
            seen.append(j == at ? "" : " ").append(hex(bytes[j] & 0xFF));
        }
        return new IOException("Malformed WTF-8 at byte " + (at - offset) + " of " + length + " (" + seen + "): "
                + problem);
    }

    private static String hex(int b) {
        return String.format("%02X", b);
    }
}
