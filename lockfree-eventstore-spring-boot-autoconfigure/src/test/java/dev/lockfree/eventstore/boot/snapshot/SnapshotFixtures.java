package dev.lockfree.eventstore.boot.snapshot;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.SnapshotListener;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;

/** Snapshot persistence for tests outside this package: a real snapshotter on a temp directory. */
public final class SnapshotFixtures {

    private SnapshotFixtures() {
    }

    /** A persisted store as the lifecycle would attach it; closing stops its snapshotter. */
    public record Persisted(StoreSnapshots snapshots, Snapshotter<Event> snapshotter) implements AutoCloseable {

        /** Starts the periodic triggers, as the lifecycle does. */
        public Persisted start() {
            snapshotter.start();
            return this;
        }

        @Override
        public void close() {
            snapshots.running(false);
            snapshotter.close();
        }
    }

    /** Options that fail fast: one attempt per save, an hour between time triggers, no count trigger. */
    public static SnapshotOptions.Builder quickOptions() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0).maxSaveAttempts(1)
                .finalSnapshot(false, Duration.ofSeconds(1));
    }

    public static Persisted persisted(String name, EventStore<Event> store, Path directory, EventCodec<Event> codec,
                                      SnapshotOptions options, SnapshotListener... listeners) throws IOException {
        StoreSnapshots snapshots = new StoreSnapshots(name, store.partitions(), options.interval());
        List<SnapshotListener> all = new ArrayList<>();
        all.add(snapshots.recorder());
        all.addAll(List.of(listeners));
        Snapshotter<Event> snapshotter = new Snapshotter<>(store, name, codec, new FileSystemSnapshotStore(directory),
                options, new CompositeSnapshotListener(all));
        snapshots.attach(snapshotter);
        snapshots.running(true);
        return new Persisted(snapshots, snapshotter);
    }

    /**
     * The core codec of {@link Event}, failing with an I/O error on every event while {@link #failing} is set.
     * That fails the save of a partition holding two or more events; a partition's only event would just be
     * left out as one the codec cannot encode (see {@link PoisonCodec}).
     */
    public static final class FlakyCodec implements EventCodec<Event> {

        public final AtomicBoolean failing = new AtomicBoolean();
        private final EventCodec<Event> delegate = EventCodecs.event();

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void encode(Event event, DataOutput out) throws IOException {
            if (failing.get()) {
                throw new IOException("disk on fire");
            }
            delegate.encode(event, out);
        }

        @Override
        public Event decode(DataInput in) throws IOException {
            return delegate.decode(in);
        }
    }

    /** The core codec of {@link Event}, failing with an I/O error on the events whose key is {@link #POISON_KEY}. */
    public static final class PoisonCodec implements EventCodec<Event> {

        public static final int POISON_KEY = 666;
        private final EventCodec<Event> delegate = EventCodecs.event();

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void encode(Event event, DataOutput out) throws IOException {
            if (event.key() == POISON_KEY) {
                throw new IOException("cannot encode " + event);
            }
            delegate.encode(event, out);
        }

        @Override
        public Event decode(DataInput in) throws IOException {
            return delegate.decode(in);
        }
    }

    /** A clock the test moves by hand. */
    public static final class MutableClock extends Clock {

        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
