package dev.lockfree.eventstore.boot.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.boot.EventStoreRegistry;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.RestoreResult;
import dev.lockfree.eventstore.snapshot.SnapshotListener;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import org.jspecify.annotations.Nullable;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Snapshot persistence of every store, as one {@link SmartLifecycle} per application.
 *
 * <ul>
 * <li>{@link #start()} restores each store from {@code eventstore.snapshot.directory}, then starts its
 *     periodic {@link Snapshotter}. An externally fed store (Kafka) is not restored here: its feed restores
 *     each partition when it is assigned ({@link #snapshotter}). It runs in phase {@link #DEFAULT_PHASE}, which starts before the web
 *     server ({@code WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE}), so restore completes before
 *     the port accepts requests.</li>
 * <li>{@link #stop(Runnable)} runs in the same phase on shutdown, i.e. after the web server stopped
 *     accepting requests (graceful shutdown and web server stop have higher phases and stop first). It
 *     stops every snapshotter concurrently, each writing its changed partitions one last time, all within
 *     {@code eventstore.snapshot.shutdown-timeout}, and always calls back.</li>
 * </ul>
 *
 * It starts once: starting it again after a stop (a context {@code stop()}/{@code start()}) fails, rather
 * than restoring the snapshot a second time next to the events still in memory.
 */
public class EventStoreSnapshotLifecycle implements SmartLifecycle {

    /**
     * {@code SmartLifecycle.DEFAULT_PHASE - 4096}: below Boot's web server phases
     * ({@code START_STOP_LIFECYCLE_PHASE = MAX_VALUE - 2048}), so this starts before and stops after the
     * web server. Boot's own constant is not referenced: the web server module may be absent.
     */
    public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log LOG = LogFactory.getLog(EventStoreSnapshotLifecycle.class);

    private final EventStoreRegistry registry;
    private final Path directory;
    private final SnapshotOptions options;
    private final Map<String, EventCodec<?>> codecs;
    private final List<SnapshotListener> listeners;
    private final Map<String, StoreSnapshots> snapshots;
    private final Object monitor = new Object();
    private final List<Snapshotter<?>> snapshotters = new ArrayList<>();
    private final Map<String, RestoreResult> restored = new LinkedHashMap<>();
    private volatile boolean running;
    private boolean started;

    /**
     * @param directory root directory of the snapshots ({@code eventstore.snapshot.directory}); one
     *                  sub-directory per store
     * @param options   how every store's snapshotter works; its {@code finalSnapshotTimeout} bounds the stop
     * @param codecs    one codec per store to persist, by store name (stores without one are not persisted)
     */
    public EventStoreSnapshotLifecycle(EventStoreRegistry registry, Path directory, SnapshotOptions options,
                                       Map<String, EventCodec<?>> codecs) {
        this(registry, directory, options, codecs, List.of());
    }

    /**
     * @param directory root directory of the snapshots ({@code eventstore.snapshot.directory}); one
     *                  sub-directory per store
     * @param options   how every store's snapshotter works; its {@code finalSnapshotTimeout} bounds the stop
     * @param codecs    one codec per store to persist, by store name (stores without one are not persisted)
     * @param listeners hear about every save, prune and restore of every store (Observations, for one)
     */
    public EventStoreSnapshotLifecycle(EventStoreRegistry registry, Path directory, SnapshotOptions options,
                                       Map<String, EventCodec<?>> codecs, List<? extends SnapshotListener> listeners) {
        this.registry = registry;
        this.directory = directory;
        this.options = options;
        this.codecs = Collections.unmodifiableMap(new LinkedHashMap<>(codecs));
        this.listeners = List.copyOf(listeners);
        Map<String, StoreSnapshots> byStore = new LinkedHashMap<>();
        for (EventStoreRegistry.Entry<?> entry : registry.entries()) {
            if (this.codecs.containsKey(entry.name())) {
                byStore.put(entry.name(), new StoreSnapshots(entry.name(), entry.store().partitions(),
                        options.interval()));
            }
        }
        this.snapshots = Collections.unmodifiableMap(byStore);
    }

    @Override
    public void start() {
        synchronized (monitor) {
            if (running) {
                return;
            }
            if (started) {
                // a second restore would put the snapshot's events back next to those still in memory, and
                // a snapshotter that did not restore does not know the epochs on disk: refuse loudly
                throw new IllegalStateException("The event store snapshot lifecycle cannot be restarted after it "
                        + "was stopped; restart the application to resume snapshots");
            }
            started = true;
            FileSystemSnapshotStore files;
            try {
                files = new FileSystemSnapshotStore(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot open eventstore.snapshot.directory "
                        + directory.toAbsolutePath(), e);
            }
            try {
                for (EventStoreRegistry.Entry<?> entry : registry.entries()) {
                    EventCodec<?> codec = codecs.get(entry.name());
                    StoreSnapshots storeSnapshots = snapshots.get(entry.name());
                    if (codec != null && storeSnapshots != null) { // both exist exactly for a persisted store
                        List<SnapshotListener> all = new ArrayList<>();
                        all.add(storeSnapshots.recorder());
                        all.addAll(listeners);
                        Snapshotter<?> snapshotter = snapshotter(entry, codec, files, options,
                                new CompositeSnapshotListener(all));
                        snapshotters.add(snapshotter);
                        storeSnapshots.attach(snapshotter);
                        if (entry.store().isExternallyFed()) {
                            // its feed restores each partition as it is assigned, with the position to resume
                            // from; a whole-store restore here would hold partitions another instance owns
                            LOG.info("Event store '" + entry.name() + "' is externally fed: its partitions are "
                                    + "restored from " + directory + " as they are assigned");
                            continue;
                        }
                        RestoreResult result = snapshotter.restore();
                        restored.put(entry.name(), result);
                        LOG.info("Restored event store '" + entry.name() + "': " + result.eventsRestored()
                                + " events in " + result.partitionsRestored() + " partitions from "
                                + directory
                                + (result.resizedFrom().isPresent() ? " (written with "
                                        + result.resizedFrom().getAsInt() + " partitions, re-routed into "
                                        + entry.store().partitions() + ")" : "")
                                + (result.eventsDropped() > 0 ? "; " + result.eventsDropped()
                                        + " events did not fit" : ""));
                    }
                }
            } catch (IOException e) {
                closeQuietly();
                throw new UncheckedIOException("Restoring the event stores from " + directory
                        + " failed", e);
            } catch (RuntimeException e) {
                closeQuietly();
                throw e;
            }
            snapshotters.forEach(Snapshotter::start);
            snapshots.values().forEach(s -> s.running(true));
            running = true;
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> Snapshotter<E> snapshotter(EventStoreRegistry.Entry<E> entry, EventCodec<?> codec,
                                                  FileSystemSnapshotStore files, SnapshotOptions options,
                                                  SnapshotListener listener) {
        EventStore<E> store = entry.store();
        return new Snapshotter<>(store, entry.name(), (EventCodec<E>) codec, files, options, listener);
    }

    private void closeQuietly() {
        for (Snapshotter<?> snapshotter : snapshotters) {
            try {
                snapshotter.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the snapshotter of '" + snapshotter.storeName() + "' failed", e);
            }
        }
        snapshotters.clear();
    }

    @Override
    public void stop() {
        stop(() -> {
        });
    }

    /**
     * Stops every snapshotter concurrently; each writes its final snapshot within
     * {@code eventstore.snapshot.shutdown-timeout}. Calls {@code callback} in every case.
     */
    @Override
    public void stop(Runnable callback) {
        try {
            List<Snapshotter<?>> stopping;
            synchronized (monitor) {
                if (!running) {
                    return;
                }
                running = false;
                snapshots.values().forEach(s -> s.running(false));
                stopping = new ArrayList<>(snapshotters);
                snapshotters.clear();
            }
            List<Thread> threads = new ArrayList<>();
            for (Snapshotter<?> snapshotter : stopping) {
                Thread thread = new Thread(() -> {
                    try {
                        if (!snapshotter.stop()) {
                            LOG.warn("Final snapshot of event store '" + snapshotter.storeName()
                                    + "' did not finish within " + shutdownTimeout());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("Final snapshot of event store '" + snapshotter.storeName() + "' failed", e);
                    }
                }, "eventstore-snapshot-stop-" + snapshotter.storeName());
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            // each snapshotter bounds itself by the timeout; a little slack for its thread hand-offs
            long deadline = System.nanoTime() + shutdownTimeout().toNanos()
                    + TimeUnit.MILLISECONDS.toNanos(500);
            for (Thread thread : threads) {
                long remaining = deadline - System.nanoTime();
                if (remaining > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, remaining);
                }
                if (thread.isAlive()) {
                    LOG.warn("Gave up waiting for " + thread.getName() + " after "
                            + shutdownTimeout());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Stopping the event store snapshots failed", e);
        } finally {
            callback.run();
        }
    }

    /** {@code eventstore.snapshot.shutdown-timeout}: the options' bound on the final snapshot. */
    private Duration shutdownTimeout() {
        return options.finalSnapshotTimeout();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }

    @Override
    public boolean isPauseable() {
        return false;
    }

    /**
     * The running snapshotter of a store, for a feed that restores and snapshots partitions one at a time;
     * empty when the store is not persisted or snapshots are not running.
     */
    @SuppressWarnings("unchecked")
    public <E> Optional<Snapshotter<E>> snapshotter(EventStore<E> store, String storeName) {
        synchronized (monitor) {
            for (Snapshotter<?> snapshotter : snapshotters) {
                if (snapshotter.storeName().equals(storeName)) {
                    return Optional.of((Snapshotter<E>) snapshotter);
                }
            }
            return Optional.empty();
        }
    }

    /** Restore results of the last start, by store name (externally fed stores are restored by their feed). */
    public Map<String, RestoreResult> restoreResults() {
        synchronized (monitor) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(restored));
        }
    }

    /** The snapshot persistence of a store, or empty when the store is not persisted. */
    public Optional<StoreSnapshots> snapshots(String storeName) {
        return Optional.ofNullable(snapshots.get(storeName));
    }

    /**
     * The snapshot persistence of a store, or {@code null} when snapshots are off ({@code lifecycle} is
     * {@code null}) or the store is not persisted.
     */
    public static @Nullable StoreSnapshots snapshotsOf(@Nullable EventStoreSnapshotLifecycle lifecycle,
                                                       String storeName) {
        return lifecycle == null ? null : lifecycle.snapshots.get(storeName);
    }

    /** The snapshot codec of each persisted store, by store name. */
    public Map<String, EventCodec<?>> codecs() {
        return codecs;
    }
}
