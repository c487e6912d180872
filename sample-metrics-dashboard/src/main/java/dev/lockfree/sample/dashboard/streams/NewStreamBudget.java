package dev.lockfree.sample.dashboard.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many streams each client may create per window: a fixed window per client, opened by its first creation.
 * At most {@code maxClients} clients are tracked; when the map is full, expired windows are dropped (at most
 * once a second), and clients that still do not fit share one budget. Thread-safe.
 */
final class NewStreamBudget {

    /** The key shared by clients beyond the tracked ones (not a valid remote address). */
    static final String OVERFLOW = "*";

    private record Window(long start, int count) {
    }

    private final int perClient;
    private final long windowMillis;
    private final int maxClients;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private static final long NEVER = Long.MIN_VALUE;
    private final AtomicLong lastSweep = new AtomicLong(NEVER);

    NewStreamBudget(int perClient, Duration window, int maxClients, Clock clock) {
        this.perClient = perClient;
        this.windowMillis = window.toMillis();
        this.maxClients = maxClients;
        this.clock = clock;
    }

    boolean enabled() {
        return perClient > 0;
    }

    int perClient() {
        return perClient;
    }

    /**
     * Counts one creation for {@code client}.
     *
     * @return 0 if it is within the budget, else the milliseconds until the client's window ends (nothing counted)
     */
    long charge(String client) {
        final long now = clock.millis();
        String key = client;
        if (!windows.containsKey(key) && windows.size() >= maxClients) {
            sweep(now);
            if (windows.size() >= maxClients) {
                key = OVERFLOW;
            }
        }
        long[] wait = new long[1];
        windows.compute(key, (k, w) -> {
            if (w == null || now - w.start() >= windowMillis || now < w.start()) {
                return new Window(now, 1);
            }
            if (w.count() >= perClient) {
                wait[0] = w.start() + windowMillis - now;
                return w;
            }
            return new Window(w.start(), w.count() + 1);
        });
        return wait[0];
    }

    private void sweep(long now) {
        long last = lastSweep.get();
        boolean recent = last != NEVER && now >= last && now - last < 1_000;
        if (recent || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        windows.values().removeIf(w -> now - w.start() >= windowMillis);
    }

    /** Clients tracked now (for tests). */
    int trackedClients() {
        return windows.size();
    }
}
