package dev.lockfree.eventstore.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Wtf8Test {

    /** Bytes at and around the edges of the continuation byte range and its sub-ranges. */
    private static final int[] EDGES = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    /** Pieces random strings are made of: every kind of code unit run, and the surrogate cases that matter. */
    private static String piece(Random random) {
        switch (random.nextInt(10)) {
            case 0:
                return String.valueOf((char) random.nextInt(0x80));
            case 1:
                return String.valueOf((char) (0x80 + random.nextInt(0x800 - 0x80)));
            case 2: {
                char c;
                do {
                    c = (char) (0x800 + random.nextInt(0x10000 - 0x800));
                } while (Character.isSurrogate(c));
                return String.valueOf(c);
            }
            case 3:
                return new String(Character.toChars(0x10000 + random.nextInt(0x110000 - 0x10000)));
            case 4:
                return String.valueOf(highSurrogate(random));
            case 5:
                return String.valueOf(lowSurrogate(random));
            case 6:
                return "" + lowSurrogate(random) + highSurrogate(random); // a reversed pair: two lone ones
            case 7:
                return "" + highSurrogate(random) + highSurrogate(random);
            case 8:
                return "" + lowSurrogate(random) + lowSurrogate(random);
            default:
                // the extremes of each range
                String[] edges = {"\u0000", "\u007F", "\u0080", "\u07FF", "\u0800", "\uD7FF", "\uE000", "\uFFFF",
                        "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uD800\uDC00", "\uDBFF\uDFFF"};
                return edges[random.nextInt(edges.length)];
        }
    }

    private static char highSurrogate(Random random) {
        return (char) (0xD800 + random.nextInt(0x400));
    }

    private static char lowSurrogate(Random random) {
        return (char) (0xDC00 + random.nextInt(0x400));
    }

    private static boolean wellFormed(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
    }

    /** The JDK's strict decoder, or null when it rejects the bytes. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String wtf8OrNull(byte[] bytes) {
        try {
            return Wtf8.decode(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void randomStringsRoundTripAndWellFormedOnesAreStandardUtf8() throws IOException {
        long seed = System.nanoTime();
        System.out.println("Wtf8Test seed = " + seed);
        Random random = new Random(seed);
        int withLoneSurrogates = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int pieces = random.nextInt(8);
            for (int k = 0; k < pieces; k++) {
                sb.append(piece(random));
            }
            String s = sb.toString();
            byte[] bytes = Wtf8.encode(s);
            assertThat(Wtf8.encodedLength(s)).as("seed %d, %s", seed, s.chars().boxed().toList())
                    .isEqualTo(bytes.length);
            assertThat(Wtf8.decode(bytes)).as("seed %d, bytes %s", seed, HEX.formatHex(bytes)).isEqualTo(s);
            if (wellFormed(s)) {
                assertThat(bytes).as("seed %d", seed).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
            } else {
                withLoneSurrogates++;
                assertThat(strictUtf8(bytes)).as("strict UTF-8 refuses what holds a lone surrogate").isNull();
            }
        }
        assertThat(withLoneSurrogates).as("the generator exercises lone surrogates").isGreaterThan(1000);
    }

    @Test
    void loneSurrogatesAreThreeByteSequencesWherePairsAreFour() throws IOException {
        assertThat(HEX.formatHex(Wtf8.encode("\uD800"))).isEqualTo("ED A0 80");
        assertThat(HEX.formatHex(Wtf8.encode("\uDBFF"))).isEqualTo("ED AF BF");
        assertThat(HEX.formatHex(Wtf8.encode("\uDC00"))).isEqualTo("ED B0 80");
        assertThat(HEX.formatHex(Wtf8.encode("\uDFFF"))).isEqualTo("ED BF BF");
        assertThat(HEX.formatHex(Wtf8.encode("a\uD800b"))).isEqualTo("61 ED A0 80 62");
        assertThat(HEX.formatHex(Wtf8.encode("\uD800a"))).isEqualTo("ED A0 80 61");
        assertThat(HEX.formatHex(Wtf8.encode("a\uDC00"))).isEqualTo("61 ED B0 80");
        // reversed: a low before a high surrogate is two lone surrogates, not a pair
        assertThat(HEX.formatHex(Wtf8.encode("\uDC00\uD800"))).isEqualTo("ED B0 80 ED A0 80");
        assertThat(Wtf8.decode(Wtf8.encode("\uDC00\uD800"))).isEqualTo("\uDC00\uD800");
        assertThat(HEX.formatHex(Wtf8.encode("\uD83D\uDE80"))).isEqualTo("F0 9F 9A 80");
        // a pair followed by a lone high surrogate, and a lone high before a pair
        assertThat(Wtf8.decode(Wtf8.encode("\uD83D\uDE80\uD83D"))).isEqualTo("\uD83D\uDE80\uD83D");
        assertThat(Wtf8.decode(Wtf8.encode("\uD83D\uD83D\uDE80"))).isEqualTo("\uD83D\uD83D\uDE80");
        assertThat(Wtf8.encode("")).isEmpty();
        assertThat(Wtf8.decode(new byte[0])).isEmpty();
    }

    @Test
    void everyCodePointGivesTheStandardBytes() throws IOException {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            String s = new String(Character.toChars(cp));
            byte[] bytes = Wtf8.encode(s);
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                assertThat(bytes).as("U+%04X", cp).hasSize(3);
            } else if (!Arrays.equals(bytes, s.getBytes(StandardCharsets.UTF_8))) {
                throw new AssertionError(String.format("U+%04X: %s", cp, HEX.formatHex(bytes)));
            }
            if (!Wtf8.decode(bytes).equals(s)) {
                throw new AssertionError(String.format("U+%04X does not round trip", cp));
            }
        }
    }

    /**
     * Against the JDK's strict decoder over every 1- and 2-byte input and every lead and second byte of 3-
     * and 4-byte ones (later bytes at the edges of their ranges): the same verdict and the same string,
     * except that WTF-8 also accepts ED A0..BF xx (surrogates).
     */
    @Test
    void acceptsExactlyStrictUtf8PlusSurrogateSequences() {
        for (int b0 = 0; b0 < 256; b0++) {
            check(new byte[] {(byte) b0});
            for (int b1 = 0; b1 < 256; b1++) {
                check(new byte[] {(byte) b0, (byte) b1});
                if (b0 >= 0xE0 && b0 <= 0xEF) {
                    for (int b2 : EDGES) {
                        check(new byte[] {(byte) b0, (byte) b1, (byte) b2});
                    }
                }
                if (b0 >= 0xF0 && b0 <= 0xF5) {
                    for (int b2 : new int[] {0x41, 0x80, 0xBF, 0xC0}) {
                        for (int b3 : new int[] {0x41, 0x80, 0xBF, 0xC0}) {
                            check(new byte[] {(byte) b0, (byte) b1, (byte) b2, (byte) b3});
                        }
                    }
                }
            }
        }
    }

    private static void check(byte[] bytes) {
        String strict = strictUtf8(bytes);
        String ours = wtf8OrNull(bytes);
        boolean surrogate = (bytes[0] & 0xFF) == 0xED && bytes.length == 3
                && (bytes[1] & 0xFF) >= 0xA0 && (bytes[1] & 0xFF) <= 0xBF
                && (bytes[2] & 0xFF) >= 0x80 && (bytes[2] & 0xFF) <= 0xBF;
        String expected = surrogate ? String.valueOf((char) (0xD000 | (bytes[1] & 0x3F) << 6 | bytes[2] & 0x3F))
                : strict;
        if (!java.util.Objects.equals(ours, expected)) {
            throw new AssertionError(HEX.formatHex(bytes) + ": strict UTF-8 gives " + strict + ", WTF-8 gives "
                    + ours + ", expected " + expected);
        }
        if (ours != null && !Arrays.equals(Wtf8.encode(ours), bytes)) {
            throw new AssertionError(HEX.formatHex(bytes) + " is accepted but is not the canonical encoding");
        }
    }

    @Test
    void malformedInputIsRejectedWithTheProblemAndItsOffset() {
        expectMalformed("C3 28", "at byte 0 of 2 (C3 28): byte 2 of a 2-byte sequence is 0x28, not a continuation byte");
        expectMalformed("61 80", "at byte 1 of 2 (80): unexpected continuation byte");
        expectMalformed("C0 80", "overlong 2-byte sequence");
        expectMalformed("C1 BF", "overlong 2-byte sequence");
        expectMalformed("E0 80 80", "overlong 3-byte sequence");
        expectMalformed("F0 80 80 80", "overlong 4-byte sequence");
        expectMalformed("F4 90 80 80", "code point above U+10FFFF");
        expectMalformed("F5 80 80 80", "byte 0xF5 never occurs in UTF-8");
        expectMalformed("FF", "byte 0xFF never occurs in UTF-8");
        expectMalformed("E2 82", "truncated 3-byte sequence");
        expectMalformed("61 F0 9F 9A", "at byte 1 of 4 (F0 9F 9A): truncated 4-byte sequence");
        expectMalformed("ED A0 80 ED B0 80",
                "at byte 3 of 6 (ED B0 80): surrogate pair written as two 3-byte sequences");
        expectMalformed("61 ED A0 BD ED BA 80 62", "surrogate pair written as two 3-byte sequences");
    }

    private static void expectMalformed(String hex, String message) {
        byte[] bytes = HEX.parseHex(hex);
        assertThatThrownBy(() -> Wtf8.decode(bytes)).as(hex)
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("Malformed WTF-8")
                .hasMessageContaining(message);
    }

    @Test
    void decodesARangeOfALargerArray() throws IOException {
        byte[] bytes = HEX.parseHex("FF 61 ED A0 80 62 FF");
        assertThat(Wtf8.decode(bytes, 1, 5)).isEqualTo("a\uD800b");
        assertThatThrownBy(() -> Wtf8.decode(bytes, 1, 3)).isInstanceOf(IOException.class)
                .hasMessageContaining("at byte 1 of 3 (ED A0): truncated 3-byte sequence");
        assertThatThrownBy(() -> Wtf8.decode(bytes, 5, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
