package dev.lockfree.sample.dashboard.web;

import java.time.Instant;

/**
 * Optional query bounds {@code from}/{@code to}, both inclusive; either may be open. Refuses {@code from} after
 * {@code to} instead of answering an empty range, which is nearly always a client bug, and bounds outside
 * {@link JsonFields#MIN_INSTANT}..{@link JsonFields#MAX_INSTANT}, which the stores' epoch millis cannot hold.
 */
public record TimeRange(Instant from, Instant to) {

    public static TimeRange of(Instant from, Instant to) {
        JsonFields.checkInstant("from", from);
        JsonFields.checkInstant("to", to);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidRequestException("from", "from (" + from + ") must not be after to (" + to + ")");
        }
        return new TimeRange(from, to);
    }

}
