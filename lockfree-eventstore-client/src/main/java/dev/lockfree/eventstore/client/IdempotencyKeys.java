package dev.lockfree.eventstore.client;

/**
 * The idempotency key rule of the HTTP contract, checked before any request: 1 to {@value #MAX_LENGTH}
 * printable ASCII characters ({@code 0x20..0x7E}), without leading or trailing space (HTTP would strip it,
 * so the server would see another key).
 */
final class IdempotencyKeys {

    /** Longest key the server accepts. */
    static final int MAX_LENGTH = 200;

    private IdempotencyKeys() {
    }

    /**
     * Checks an idempotency key.
     *
     * @param key the key
     * @return the key
     * @throws IllegalArgumentException naming the rule the key breaks
     */
    static String requireValid(String key) {
        if (key == null) {
            throw new IllegalArgumentException("Idempotency key must not be null");
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "Idempotency key must be 1 to " + MAX_LENGTH + " characters long, is " + key.length());
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(String.format(
                        "Idempotency key must be printable ASCII: character U+%04X at index %d is not", (int) c, i));
            }
        }
        if (key.charAt(0) == ' ' || key.charAt(key.length() - 1) == ' ') {
            throw new IllegalArgumentException("Idempotency key must not start or end with a space");
        }
        return key;
    }
}
