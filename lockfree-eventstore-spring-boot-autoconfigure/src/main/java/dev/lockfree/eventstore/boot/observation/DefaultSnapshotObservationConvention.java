package dev.lockfree.eventstore.boot.observation;

import java.util.Locale;

import dev.lockfree.eventstore.snapshot.SnapshotOutcome;
import io.micrometer.common.KeyValues;

import static dev.lockfree.eventstore.boot.observation.SnapshotObservationDocumentation.HighCardinalityKeys.PARTITION;
import static dev.lockfree.eventstore.boot.observation.SnapshotObservationDocumentation.LowCardinalityKeys.OPERATION;
import static dev.lockfree.eventstore.boot.observation.SnapshotObservationDocumentation.LowCardinalityKeys.OUTCOME;
import static dev.lockfree.eventstore.boot.observation.SnapshotObservationDocumentation.LowCardinalityKeys.STORE;

/**
 * One Observation name, {@code eventstore.snapshot}, for saves, prunes and restores, told apart by the
 * {@code operation} key: one timer with dimensions rather than three names, as Micrometer recommends, and
 * {@code management.observations.enable.eventstore=false} turns them all off. The contextual (span) name
 * is the operation's own: {@code snapshot.save}, {@code snapshot.prune} or {@code snapshot.restore}.
 */
public class DefaultSnapshotObservationConvention implements SnapshotObservationConvention {

    /** The Observation name, hence the timer's. */
    public static final String NAME = "eventstore.snapshot";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(SnapshotObservationContext context) {
        return context.getOperation().observationName();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(SnapshotObservationContext context) {
        SnapshotOutcome outcome = context.getOutcome();
        return KeyValues.of(STORE.withValue(context.getStoreName()),
                OPERATION.withValue(context.getOperation().name().toLowerCase(Locale.ROOT)),
                OUTCOME.withValue(outcome == null ? "unknown" : outcome.outcome()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(SnapshotObservationContext context) {
        return KeyValues.of(PARTITION.withValue(context.getPartition() < 0 ? "all"
                : Integer.toString(context.getPartition())));
    }
}
