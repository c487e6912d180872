package dev.lockfree.eventstore.protocol;

/**
 * The rules for idempotency keys: 1 to {@value #MAX_LENGTH} printable ASCII characters (space to
 * {@code '~'}), not starting or ending with a space. A key identifies one logical append within its
 * stream; retries of that append reuse it.
 *
 * <p>The space rule exists because HTTP strips a header value's leading and trailing whitespace: a key
 * {@code " k"} sent by a client would reach the server as {@code "k"}, another key. The core enforces the
 * same rule so that a key accepted in process can always be sent over HTTP.
 */
public final class IdempotencyKeys {

    /** Longest idempotency key. */
    public static final int MAX_LENGTH = 200;

    private IdempotencyKeys() {
    }

    /**
     * Returns {@code key} if it is valid.
     *
     * @throws IllegalArgumentException naming the key (escaped) and the rule it breaks
     */
    public static String validate(String key) {
        String problem = problem(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return key;
    }

    public static boolean isValid(String key) {
        return problem(key) == null;
    }

    /** What is wrong with {@code key}, as a message naming it, or {@code null} if it is valid. */
    public static String problem(String key) {
        if (key == null) {
            return "Invalid idempotency key: it must not be null";
        }
        if (key.isEmpty()) {
            return "Invalid idempotency key \"\": it must not be empty";
        }
        if (key.length() > MAX_LENGTH) {
            return "Invalid idempotency key " + UntrustedText.quote(key) + ": it is " + key.length()
                    + " characters long, the maximum is " + MAX_LENGTH;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "Invalid idempotency key " + UntrustedText.quote(key) + ": character "
                        + UntrustedText.character(c) + " at index " + i + " is not printable ASCII";
            }
        }
        if (key.charAt(0) == ' ' || key.charAt(key.length() - 1) == ' ') {
            return "Invalid idempotency key " + UntrustedText.quote(key)
                    + ": it must not start or end with a space (HTTP strips it, the server would see another key)";
        }
        return null;
    }
}
