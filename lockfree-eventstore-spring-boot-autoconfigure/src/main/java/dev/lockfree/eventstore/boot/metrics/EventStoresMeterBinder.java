package dev.lockfree.eventstore.boot.metrics;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The meters of every store: one {@link EventStoreMeterBinder} per store, bound together. Spring Boot
 * binds it to each registry once the context is refreshed.
 */
public class EventStoresMeterBinder implements MeterBinder {

    private final List<EventStoreMeterBinder> binders;

    public EventStoresMeterBinder(List<EventStoreMeterBinder> binders) {
        this.binders = List.copyOf(binders);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        binders.forEach(binder -> binder.bindTo(registry));
    }
}
