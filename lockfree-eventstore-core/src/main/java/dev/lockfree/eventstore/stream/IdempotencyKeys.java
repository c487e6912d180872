package dev.lockfree.eventstore.stream;

/**
 * The rules for idempotency keys: 1 to {@value #MAX_LENGTH} printable ASCII characters (space to
 * {@code '~'}). A key identifies one logical append within its stream; retries of that append reuse it.
 */
public final class IdempotencyKeys {

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
            return "Invalid idempotency key " + Printable.quote(key) + ": it is " + key.length()
                    + " characters long, the maximum is " + MAX_LENGTH;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return "Invalid idempotency key " + Printable.quote(key) + ": character " + Printable.character(c)
                        + " at index " + i + " is not printable ASCII";
            }
        }
        return null;
    }
}
