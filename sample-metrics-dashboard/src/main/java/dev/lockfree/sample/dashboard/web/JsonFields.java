package dev.lockfree.sample.dashboard.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Strict reading of request bodies: each method names the field it reads in the error it throws, and accepts
 * exactly one JSON type (a number sent as a string is refused rather than coerced).
 */
public final class JsonFields {

    /** Longest label, device id or other free-text identifier the API stores. */
    public static final int MAX_TEXT_LENGTH = 200;

    /**
     * Earliest instant the API accepts: years 0000 to 9999 are what ISO-8601 writes without an expanded year,
     * and every instant of them has epoch milliseconds that fit a long (the stores keep timestamps as millis).
     */
    public static final Instant MIN_INSTANT = Instant.parse("0000-01-01T00:00:00Z");

    /** Latest instant the API accepts (see {@link #MIN_INSTANT}). */
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

    private JsonFields() {
    }

    public static JsonNode requireObject(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new InvalidRequestException("body", "request body is required: a JSON object");
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("body", "request body must be a JSON object");
        }
        return body;
    }

    private static JsonNode required(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, field + " is required");
        }
        return node;
    }

    /** A non-blank string of at most {@link #MAX_TEXT_LENGTH} characters without control characters. */
    public static String requiredText(JsonNode body, String field) {
        JsonNode node = required(body, field);
        if (!node.isString()) {
            throw new InvalidRequestException(field, field + " must be a string");
        }
        return checkText(field, node.stringValue());
    }

    public static String checkText(String field, String text) {
        if (text.isBlank()) {
            throw new InvalidRequestException(field, field + " must not be blank");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidRequestException(field, field + " must be at most " + MAX_TEXT_LENGTH
                    + " characters, was " + text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw new InvalidRequestException(field, field + " must not contain control characters");
            }
        }
        int surrogate = unpairedSurrogate(text);
        if (surrogate >= 0) {
            throw new InvalidRequestException(field, unpairedSurrogateMessage(field, text, surrogate));
        }
        return text;
    }

    /**
     * Index of the first UTF-16 surrogate without its other half, or -1. Such a string has no UTF-8 form: a
     * snapshot, a response or a client would each turn it into something else, so the same label would no
     * longer be the same label.
     */
    public static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String unpairedSurrogateMessage(String what, String text, int index) {
        return what + " must not contain an unpaired UTF-16 surrogate, found " + String.format("\\u%04x",
                (int) text.charAt(index)) + " at index " + index;
    }

    /**
     * Refuses a stream event body the API could not store and give back unchanged: a string or member name
     * with an unpaired surrogate (see {@link #unpairedSurrogate}), or a number outside the finite doubles
     * (aggregates read numbers as doubles; {@code 1e400} would be stored as Infinity). The problem's field is
     * the RFC 6901 JSON Pointer of the value in the request body, e.g. {@code /order/lines/0/amount}.
     */
    public static void checkTree(JsonNode body) {
        checkTree(body, new ArrayDeque<>());
    }

    private static void checkTree(JsonNode node, Deque<String> path) {
        if (node.isString()) {
            int surrogate = unpairedSurrogate(node.stringValue());
            if (surrogate >= 0) {
                String pointer = pointer(path);
                throw new InvalidRequestException(pointer, unpairedSurrogateMessage("the string at " + pointer,
                        node.stringValue(), surrogate));
            }
        } else if (node.isNumber()) {
            var value = node.doubleValueOpt();
            if (value.isEmpty() || !Double.isFinite(value.getAsDouble())) {
                String pointer = pointer(path);
                throw new InvalidRequestException(pointer, "the number at " + pointer + " is outside the range of "
                        + "a finite double (magnitude at most " + Double.MAX_VALUE + ")");
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String name = member.getKey();
                int surrogate = unpairedSurrogate(name);
                if (surrogate >= 0) {
                    path.addLast(name);
                    String pointer = pointer(path);
                    throw new InvalidRequestException(pointer, unpairedSurrogateMessage("the member name at "
                            + pointer, name, surrogate));
                }
                path.addLast(name);
                checkTree(member.getValue(), path);
                path.removeLast();
            }
        } else if (node.isArray()) {
            int index = 0;
            for (Iterator<JsonNode> elements = node.values().iterator(); elements.hasNext(); index++) {
                path.addLast(Integer.toString(index));
                checkTree(elements.next(), path);
                path.removeLast();
            }
        }
    }

    /** RFC 6901 pointer of the path, each segment {@link #printable} so a problem body never carries raw input. */
    private static String pointer(Deque<String> path) {
        StringBuilder pointer = new StringBuilder();
        for (String segment : path) {
            pointer.append('/').append(printable(segment.replace("~", "~0").replace("/", "~1")));
        }
        return pointer.toString();
    }

    /** Refuses an instant outside {@link #MIN_INSTANT}..{@link #MAX_INSTANT} (it would overflow epoch millis). */
    public static Instant checkInstant(String field, Instant instant) {
        if (instant != null && (instant.isBefore(MIN_INSTANT) || instant.isAfter(MAX_INSTANT))) {
            throw new InvalidRequestException(field, field + " must be between " + MIN_INSTANT + " and "
                    + MAX_INSTANT + ", was " + instant);
        }
        return instant;
    }

    /** A JSON number that is neither NaN nor infinite (a literal too large for a double is infinite). */
    public static double requiredFiniteNumber(JsonNode body, String field) {
        JsonNode node = required(body, field);
        if (!node.isNumber()) {
            throw new InvalidRequestException(field, field + " must be a JSON number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new InvalidRequestException(field, field + " must be a finite number");
        }
        return value;
    }

    /** An ISO-8601 instant or offset date-time string; {@code fallback} when absent or null. */
    public static Instant optionalInstant(JsonNode body, String field, Instant fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isString()) {
            throw new InvalidRequestException(field, field + " must be an ISO-8601 string such as 2026-11-27T12:00:00Z");
        }
        return parseInstant(field, node.stringValue());
    }

    public static Instant parseInstant(String field, String text) {
        try {
            return checkInstant(field, OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return checkInstant(field, Instant.parse(text));
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException(field, field
                        + " must be an ISO-8601 instant such as 2026-11-27T12:00:00Z, was '" + printable(text) + "'");
            }
        }
    }

    /**
     * The text cut to a readable length with control characters and surrogates escaped, for error messages
     * (an unpaired surrogate, or half a pair cut at the limit, has no UTF-8 form to write).
     */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(text.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > limit) {
            out.append("...");
        }
        return out.toString();
    }
}
