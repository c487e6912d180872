package dev.lockfree.eventstore.boot.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the Observations of snapshot saves, prunes and restores. Declare a bean of this type to
 * replace {@link DefaultSnapshotObservationConvention}.
 */
public interface SnapshotObservationConvention extends ObservationConvention<SnapshotObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof SnapshotObservationContext;
    }
}
