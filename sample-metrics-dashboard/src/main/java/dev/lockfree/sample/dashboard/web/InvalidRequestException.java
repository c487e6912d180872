package dev.lockfree.sample.dashboard.web;

import java.util.Objects;

/**
 * A request the API refuses before it stores anything: {@code field} names the body field, query parameter
 * or header at fault, and the message says what is wrong with it. Rendered as a 400 problem.
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.field = Objects.requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }
}
