package dev.lockfree.eventstore.snapshot;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How a {@link Snapshotter} works, each option validated with a message that names it. Build with
 * {@link #builder()}. The C# seed's {@code Enabled}, {@code CompactBeforeSnapshot} and
 * {@code EnableLocalTracing} have no option of that name here (docs/seed-parity.md says what replaces them).
 *
 * <p>A partition is written when it changed since its last snapshot and either {@code interval} has
 * passed since then or {@code minEventsBetweenSnapshots} events were appended to it. A zero interval
 * or a zero event count switches that trigger off (it never means "always", unlike the C# seed's
 * defect BUG-10 (docs/seed-parity.md#bug-10)); at least one must be on.
 *
 * @param interval                  time trigger per partition; {@link Duration#ZERO} = off
 * @param minEventsBetweenSnapshots event-count trigger per partition; 0 = off
 * @param snapshotsToKeep           newest valid snapshots kept per partition (at least 1)
 * @param maxConcurrentSnapshotJobs partitions written at the same time
 * @param maxPendingSnapshotJobs    queued partitions beyond those; more are dropped (counted) and retried at the next tick
 * @param maxSaveAttempts           attempts per job before it is recorded as failed
 * @param backoffBaseDelay          delay before the 2nd attempt; then multiplied by {@code backoffFactor}
 * @param backoffFactor             growth of the delay per attempt (at least 1)
 * @param backoffJitter             random +/- fraction applied to each delay, 0 to 1
 * @param stableCaptureMaxAttempts  captures tried when a clear/purge keeps racing the capture
 * @param finalSnapshotOnShutdown   write changed partitions on {@link Snapshotter#close()}
 * @param finalSnapshotTimeout      bound on that final pass
 * @param schemaVersion             written into every snapshot (the application's event schema)
 * @param expectedSchemaVersion     when set, the schema version restore accepts; what it does with a snapshot of
 *                                  another version is {@code onSchemaMismatch}
 * @param compress                  GZIP the payload
 * @param onSchemaMismatch          {@link SchemaMismatch#FAIL} (restore fails fast, the default) or
 *                                  {@link SchemaMismatch#SKIP} (such snapshots are passed over and counted); only
 *                                  with an {@code expectedSchemaVersion}
 */
public record SnapshotOptions(Duration interval, long minEventsBetweenSnapshots, int snapshotsToKeep,
                              int maxConcurrentSnapshotJobs, int maxPendingSnapshotJobs, int maxSaveAttempts,
                              Duration backoffBaseDelay, double backoffFactor, double backoffJitter,
                              int stableCaptureMaxAttempts, boolean finalSnapshotOnShutdown,
                              Duration finalSnapshotTimeout, int schemaVersion, OptionalInt expectedSchemaVersion,
                              boolean compress, SchemaMismatch onSchemaMismatch) {

    public SnapshotOptions {
        Objects.requireNonNull(interval, "interval must not be null");
        Objects.requireNonNull(backoffBaseDelay, "backoffBaseDelay must not be null");
        Objects.requireNonNull(finalSnapshotTimeout, "finalSnapshotTimeout must not be null");
        Objects.requireNonNull(expectedSchemaVersion, "expectedSchemaVersion must not be null");
        Objects.requireNonNull(onSchemaMismatch, "onSchemaMismatch must not be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative but was " + interval);
        }
        if (minEventsBetweenSnapshots < 0) {
            throw new IllegalArgumentException("minEventsBetweenSnapshots must not be negative but was "
                    + minEventsBetweenSnapshots);
        }
        if (interval.isZero() && minEventsBetweenSnapshots == 0) {
            throw new IllegalArgumentException("interval or minEventsBetweenSnapshots must be positive: "
                    + "with both at 0 no snapshot would ever be triggered");
        }
        requireAtLeast("snapshotsToKeep", snapshotsToKeep, 1);
        requireAtLeast("maxConcurrentSnapshotJobs", maxConcurrentSnapshotJobs, 1);
        requireAtLeast("maxPendingSnapshotJobs", maxPendingSnapshotJobs, 1);
        requireAtLeast("maxSaveAttempts", maxSaveAttempts, 1);
        requireAtLeast("stableCaptureMaxAttempts", stableCaptureMaxAttempts, 1);
        requireAtLeast("schemaVersion", schemaVersion, 1);
        if (backoffBaseDelay.isNegative() || backoffBaseDelay.isZero()) {
            throw new IllegalArgumentException("backoffBaseDelay must be positive but was " + backoffBaseDelay);
        }
        if (!(backoffFactor >= 1.0) || Double.isInfinite(backoffFactor)) {
            throw new IllegalArgumentException("backoffFactor must be a finite number >= 1 but was " + backoffFactor);
        }
        if (!(backoffJitter >= 0.0 && backoffJitter <= 1.0)) {
            throw new IllegalArgumentException("backoffJitter must be between 0 and 1 but was " + backoffJitter);
        }
        if (finalSnapshotTimeout.isNegative()) {
            throw new IllegalArgumentException("finalSnapshotTimeout must not be negative but was "
                    + finalSnapshotTimeout);
        }
        if (expectedSchemaVersion.isPresent() && expectedSchemaVersion.getAsInt() < 1) {
            throw new IllegalArgumentException("expectedSchemaVersion, when set, must be >= 1 but was "
                    + expectedSchemaVersion.getAsInt());
        }
        if (onSchemaMismatch == SchemaMismatch.SKIP && expectedSchemaVersion.isEmpty()) {
            throw new IllegalArgumentException("onSchemaMismatch SKIP needs an expectedSchemaVersion: without one "
                    + "every schema version is restored and none can mismatch");
        }
    }

    /** Options as before {@code onSchemaMismatch} existed: a mismatch fails restore. */
    public SnapshotOptions(Duration interval, long minEventsBetweenSnapshots, int snapshotsToKeep,
                           int maxConcurrentSnapshotJobs, int maxPendingSnapshotJobs, int maxSaveAttempts,
                           Duration backoffBaseDelay, double backoffFactor, double backoffJitter,
                           int stableCaptureMaxAttempts, boolean finalSnapshotOnShutdown,
                           Duration finalSnapshotTimeout, int schemaVersion, OptionalInt expectedSchemaVersion,
                           boolean compress) {
        this(interval, minEventsBetweenSnapshots, snapshotsToKeep, maxConcurrentSnapshotJobs, maxPendingSnapshotJobs,
                maxSaveAttempts, backoffBaseDelay, backoffFactor, backoffJitter, stableCaptureMaxAttempts,
                finalSnapshotOnShutdown, finalSnapshotTimeout, schemaVersion, expectedSchemaVersion, compress,
                SchemaMismatch.FAIL);
    }

    private static void requireAtLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + " but was " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SnapshotOptions defaults() {
        return builder().build();
    }

    /** Builder with the C# seed's defaults (5 min, 100 000 events, keep 3, 2 jobs, 128 pending, 5 attempts...). */
    public static final class Builder {
        private Duration interval = Duration.ofMinutes(5);
        private long minEventsBetweenSnapshots = 100_000;
        private int snapshotsToKeep = 3;
        private int maxConcurrentSnapshotJobs = 2;
        private int maxPendingSnapshotJobs = 128;
        private int maxSaveAttempts = 5;
        private Duration backoffBaseDelay = Duration.ofMillis(100);
        private double backoffFactor = 2.0;
        private double backoffJitter = 0.1;
        private int stableCaptureMaxAttempts = 8;
        private boolean finalSnapshotOnShutdown = true;
        private Duration finalSnapshotTimeout = Duration.ofSeconds(5);
        private int schemaVersion = 1;
        private OptionalInt expectedSchemaVersion = OptionalInt.empty();
        private boolean compress;
        private SchemaMismatch onSchemaMismatch = SchemaMismatch.FAIL;

        private Builder() {
        }

        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder minEventsBetweenSnapshots(long minEventsBetweenSnapshots) {
            this.minEventsBetweenSnapshots = minEventsBetweenSnapshots;
            return this;
        }

        public Builder snapshotsToKeep(int snapshotsToKeep) {
            this.snapshotsToKeep = snapshotsToKeep;
            return this;
        }

        public Builder maxConcurrentSnapshotJobs(int maxConcurrentSnapshotJobs) {
            this.maxConcurrentSnapshotJobs = maxConcurrentSnapshotJobs;
            return this;
        }

        public Builder maxPendingSnapshotJobs(int maxPendingSnapshotJobs) {
            this.maxPendingSnapshotJobs = maxPendingSnapshotJobs;
            return this;
        }

        public Builder maxSaveAttempts(int maxSaveAttempts) {
            this.maxSaveAttempts = maxSaveAttempts;
            return this;
        }

        public Builder backoff(Duration baseDelay, double factor, double jitter) {
            this.backoffBaseDelay = baseDelay;
            this.backoffFactor = factor;
            this.backoffJitter = jitter;
            return this;
        }

        public Builder stableCaptureMaxAttempts(int stableCaptureMaxAttempts) {
            this.stableCaptureMaxAttempts = stableCaptureMaxAttempts;
            return this;
        }

        public Builder finalSnapshot(boolean onShutdown, Duration timeout) {
            this.finalSnapshotOnShutdown = onShutdown;
            this.finalSnapshotTimeout = timeout;
            return this;
        }

        public Builder schemaVersion(int schemaVersion) {
            this.schemaVersion = schemaVersion;
            return this;
        }

        /** Restore accepts only this schema version and fails on any other ({@link SchemaMismatch#FAIL}). */
        public Builder expectedSchemaVersion(int expectedSchemaVersion) {
            return expectedSchemaVersion(expectedSchemaVersion, SchemaMismatch.FAIL);
        }

        /** Restore accepts only this schema version; {@code onMismatch} says what happens to snapshots of others. */
        public Builder expectedSchemaVersion(int expectedSchemaVersion, SchemaMismatch onMismatch) {
            this.expectedSchemaVersion = OptionalInt.of(expectedSchemaVersion);
            this.onSchemaMismatch = onMismatch;
            return this;
        }

        public Builder compress(boolean compress) {
            this.compress = compress;
            return this;
        }

        public SnapshotOptions build() {
            return new SnapshotOptions(interval, minEventsBetweenSnapshots, snapshotsToKeep, maxConcurrentSnapshotJobs,
                    maxPendingSnapshotJobs, maxSaveAttempts, backoffBaseDelay, backoffFactor, backoffJitter,
                    stableCaptureMaxAttempts, finalSnapshotOnShutdown, finalSnapshotTimeout, schemaVersion,
                    expectedSchemaVersion, compress, onSchemaMismatch);
        }
    }
}
