package dev.lockfree.eventstore.boot;

import java.util.Locale;

import dev.lockfree.eventstore.OverflowPolicy;

/**
 * An {@link OverflowPolicy} as {@code eventstore.*.overflow-policy} writes it ({@code evict-oldest}, {@code reject}),
 * for the runtime views (endpoint, info) that show it back; here so that they need not depend on the wiring.
 */
public final class OverflowPolicyValues {

    private OverflowPolicyValues() {
    }

    public static String of(OverflowPolicy policy) {
        return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
