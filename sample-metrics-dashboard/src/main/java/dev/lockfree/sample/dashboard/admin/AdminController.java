package dev.lockfree.sample.dashboard.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;
import dev.lockfree.sample.dashboard.web.JsonFields;

/**
 * Maintenance of every store of the app (the C# seed's admin routes, now behind the {@code ADMIN} role). Each
 * operation is lock-free for producers; appends racing it land either before (and are removed) or after (and
 * are kept), never half.
 *
 * <p>Clearing (or resetting) the {@code streams} store also forgets the streams it empties: their versions
 * restart at 0, their idempotency keys are forgotten and their slots of {@code dashboard.streams.max-streams}
 * are free again (see {@code EventStreams}, "Forgetting streams"); a purge does the same for the streams it
 * empties.
 */
@RestController
@RequestMapping("/admin")
public class AdminController {

    static final int MAX_MINUTES = 10 * 365 * 24 * 60;

    private final EventStoreRegistry stores;
    private final Clock clock;

    public AdminController(EventStoreRegistry stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    public record Cleared(boolean cleared, List<String> stores) {
    }

    public record Reset(boolean reset, List<String> stores) {
    }

    /** @param removed events removed, per store */
    public record Purged(Instant purgedBefore, Map<String, Long> removed) {
    }

    @PostMapping("/clear")
    public Cleared clear() {
        stores.entries().forEach(entry -> entry.store().clear());
        return new Cleared(true, List.copyOf(stores.names()));
    }

    @PostMapping("/reset")
    public Reset reset() {
        stores.entries().forEach(entry -> entry.store().reset());
        return new Reset(true, List.copyOf(stores.names()));
    }

    /** Removes events older than {@code olderThan} (takes precedence) or than now minus {@code olderThanMinutes}. */
    @PostMapping("/purge")
    public Purged purge(@RequestParam(defaultValue = "60") long olderThanMinutes,
                        @RequestParam(required = false) Instant olderThan) {
        if (olderThan == null && (olderThanMinutes < 0 || olderThanMinutes > MAX_MINUTES)) {
            throw new InvalidRequestException("olderThanMinutes", "olderThanMinutes must be between 0 and "
                    + MAX_MINUTES + ", was " + olderThanMinutes);
        }
        Instant cutoff = olderThan != null ? JsonFields.checkInstant("olderThan", olderThan)
                : clock.instant().minus(Duration.ofMinutes(olderThanMinutes));
        Map<String, Long> removed = new LinkedHashMap<>();
        for (EventStoreRegistry.Entry<?> entry : stores.entries()) {
            EventStore<?> store = entry.store();
            if (store.options().timestampSelector() != null) {
                removed.put(entry.name(), store.purge(cutoff));
            }
        }
        return new Purged(cutoff, removed);
    }
}
