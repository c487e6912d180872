package dev.lockfree.sample.dashboard.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * Strict reading of request bodies: each method names the field it reads in the error it throws, and accepts
 * exactly one JSON type (a number sent as a string is refused rather than coerced).
 */
public final class JsonFields {

    /** Longest label, device id or other free-text identifier the API stores. */
    public static final int MAX_TEXT_LENGTH = 200;

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
        return text;
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
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new InvalidRequestException(field, field
                        + " must be an ISO-8601 instant such as 2026-11-27T12:00:00Z, was '" + printable(text) + "'");
            }
        }
    }

    /** The text cut to a readable length with control characters escaped, for error messages. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(text.length(), 64);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
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
