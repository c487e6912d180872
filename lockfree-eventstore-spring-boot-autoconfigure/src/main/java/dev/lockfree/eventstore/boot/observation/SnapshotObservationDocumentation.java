package dev.lockfree.eventstore.boot.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/** The Observations of snapshot persistence and their keys. */
public enum SnapshotObservationDocumentation implements ObservationDocumentation {

    /**
     * One snapshot save, prune or restore of one store, named {@code eventstore.snapshot} with the
     * {@code operation} key; spans are named {@code snapshot.save}, {@code snapshot.prune} and
     * {@code snapshot.restore}.
     */
    SNAPSHOT_OPERATION {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultSnapshotObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return HighCardinalityKeys.values();
        }
    };

    /** Keys that become meter tags: bounded values. */
    public enum LowCardinalityKeys implements KeyName {

        /** Name of the store (bounded by the configured stores). */
        STORE {
            @Override
            public String asString() {
                return "store";
            }
        },

        /** {@code save}, {@code prune} or {@code restore}. */
        OPERATION {
            @Override
            public String asString() {
                return "operation";
            }
        },

        /**
         * {@code success}, {@code failure}, {@code stale} (a clear or purge overtook the save),
         * {@code stable-capture-failed}, or {@code unknown} when the operation did not report.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        }
    }

    /** Keys for traces only. */
    public enum HighCardinalityKeys implements KeyName {

        /** The partition; {@code all} for a restore. */
        PARTITION {
            @Override
            public String asString() {
                return "partition";
            }
        }
    }
}
