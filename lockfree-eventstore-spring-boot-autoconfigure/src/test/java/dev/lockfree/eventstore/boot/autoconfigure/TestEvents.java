package dev.lockfree.eventstore.boot.autoconfigure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/** Event classes of the tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public record OrderEvent(String customerId, double amount, Instant createdAt) {
    }

    public record PaymentEvent(String account, BigDecimal amount, long timestamp) {
    }

    public record OffsetEvent(OffsetDateTime at, int amount) {
    }

    public record ZonedEvent(ZonedDateTime at, Long amount) {
    }

    /** A JavaBean with getters, package-private to check that non-public classes work too. */
    static final class BeanEvent {
        private final long timestamp;
        private final Integer amount;
        private final String key;

        BeanEvent(long timestamp, Integer amount, String key) {
            this.timestamp = timestamp;
            this.amount = amount;
            this.key = key;
        }

        public long getTimestamp() {
            return timestamp;
        }

        public Integer getAmount() {
            return amount;
        }

        public String getKey() {
            return key;
        }

        public String getLabel() {
            return "label";
        }
    }
}
