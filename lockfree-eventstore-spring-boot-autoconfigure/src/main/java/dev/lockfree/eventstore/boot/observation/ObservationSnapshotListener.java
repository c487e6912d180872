package dev.lockfree.eventstore.boot.observation;

import dev.lockfree.eventstore.snapshot.SnapshotListener;
import dev.lockfree.eventstore.snapshot.SnapshotOperation;
import dev.lockfree.eventstore.snapshot.SnapshotOutcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Turns each snapshot save, prune and restore into an Observation (a timer and, with a tracer, a span).
 * Only these coarse operations are observed, never appends. A failed operation records its error.
 */
public class ObservationSnapshotListener implements SnapshotListener {

    private static final SnapshotObservationConvention DEFAULT_CONVENTION = new DefaultSnapshotObservationConvention();

    private final ObservationRegistry registry;
    private final @Nullable SnapshotObservationConvention convention;

    /**
     * @param convention replaces {@link DefaultSnapshotObservationConvention}; {@code null} for the default
     */
    public ObservationSnapshotListener(ObservationRegistry registry, @Nullable SnapshotObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    public Completion started(SnapshotOperation operation, String storeName, int partition) {
        SnapshotObservationContext context = new SnapshotObservationContext(operation, storeName, partition);
        Observation observation = SnapshotObservationDocumentation.SNAPSHOT_OPERATION
                .observation(convention, DEFAULT_CONVENTION, () -> context, registry)
                .start();
        return new Completion() {
            @Override
            public void succeeded(SnapshotOutcome outcome) {
                context.setOutcome(outcome);
                observation.stop();
            }

            @Override
            public void failed(SnapshotOutcome outcome, Throwable error) {
                context.setOutcome(outcome);
                observation.error(error);
                observation.stop();
            }
        };
    }
}
