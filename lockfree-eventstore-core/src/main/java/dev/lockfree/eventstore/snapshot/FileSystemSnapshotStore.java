package dev.lockfree.eventstore.snapshot;

import dev.lockfree.eventstore.codec.EventCodec;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash-safe snapshot files, one directory per store and partition:
 *
 * <pre>
 * &lt;root&gt;/&lt;store&gt;/p&lt;partition&gt;/&lt;lastSequence:016x&gt;-&lt;takenAtMillis:016x&gt;.snap
 *                                  epoch          (purge/clear epoch marker)
 * &lt;root&gt;/&lt;store&gt;/layout                          (partition layout, see {@link SnapshotLayout})
 * </pre>
 *
 * <p>Writing: a temp file {@code <name>.tmp} in the same directory (created new, 0600), all bytes, one
 * {@code force}, atomic rename, directory sync. A failed step abandons the attempt and deletes the temp; a
 * failed {@code force} is never retried (after a failed fsync the kernel may report success on a retry
 * although the data is lost).
 *
 * <p>Reading: the newest valid snapshot wins (by last sequence, then time). Corrupt files are renamed to
 * {@code *.broken} and the next older one is tried, so a damaged file never blocks a restore and never hides
 * older good data. Abandoned temp files are deleted; files whose names are not ours are never touched.
 *
 * <p>Operations on one partition are serialized; different partitions proceed in parallel. One store
 * instance should own a root directory.
 */
public final class FileSystemSnapshotStore implements SnapshotStore {

    static final String SNAPSHOT_SUFFIX = ".snap";
    static final String TEMP_SUFFIX = ".tmp";
    static final String BROKEN_SUFFIX = ".broken";
    static final String EPOCH_FILE = "epoch";
    static final String LAYOUT_FILE = "layout";

    private static final System.Logger LOG = System.getLogger("dev.lockfree.eventstore.snapshot");
    private static final Pattern SNAPSHOT_NAME = Pattern.compile("^([0-9a-f]{16})-([0-9a-f]{16})\\.snap$");
    private static final int EPOCH_MAGIC = 0x4C46454D; // "LFEM"
    private static final int EPOCH_FORMAT = 1;
    private static final int EPOCH_FILE_BYTES = 4 + 2 + 8 + 4;
    private static final int LAYOUT_MAGIC = 0x4C464C59; // "LFLY"
    private static final int LAYOUT_FORMAT = 1;
    private static final int LAYOUT_FILE_BYTES = 4 + 2 + 4 + 8 + 8 + 4;

    private final SnapshotStorage root;
    private final SnapshotFormat format;
    private final SnapshotStoreListener listener;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /**
     * Encoding buffers between saves. As many exist as saves ever ran at once (the snapshotter's concurrency),
     * each as large as the largest snapshot it encoded: writing a snapshot then allocates nothing per event.
     */
    private final java.util.concurrent.ConcurrentLinkedDeque<SnapshotFormat.Buffers> idleBuffers =
            new java.util.concurrent.ConcurrentLinkedDeque<>();

    /**
     * A store under {@code root}, created (0700) if missing.
     *
     * @throws UnsafeDirectoryException when the root is a symbolic link, not a directory or group/world-writable
     */
    public FileSystemSnapshotStore(Path root) throws IOException {
        this(NioSnapshotStorage.openRoot(root), SnapshotFormat.defaults(), SnapshotStoreListener.NONE);
    }

    public FileSystemSnapshotStore(Path root, SnapshotFormat format, SnapshotStoreListener listener) throws IOException {
        this(NioSnapshotStorage.openRoot(root), format, listener);
    }

    /** A store on any {@link SnapshotStorage}, e.g. a fault-injecting one in tests. */
    public FileSystemSnapshotStore(SnapshotStorage root) {
        this(root, SnapshotFormat.defaults(), SnapshotStoreListener.NONE);
    }

    public FileSystemSnapshotStore(SnapshotStorage root, SnapshotFormat format, SnapshotStoreListener listener) {
        this.root = Objects.requireNonNull(root, "root");
        this.format = Objects.requireNonNull(format, "format");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The file name of a snapshot: {@code <lastSequence:016x>-<takenAtMillis:016x>.snap}. */
    public static String fileName(long lastSequence, long takenAtMillis) {
        return String.format("%016x-%016x%s", lastSequence, takenAtMillis, SNAPSHOT_SUFFIX);
    }

    // ------------------------------------------------------------------------------------------------ save

    /**
     * Writes a snapshot durably. When this returns, the snapshot survives a power loss; when it throws, the
     * previous snapshots are intact and no temp file is left behind (unless deleting it failed too). Events the
     * codec fails on are left out and reported in {@link SavedSnapshot#skipped()}, see
     * {@link SnapshotFormat#encodeSkippingFailures}.
     *
     * @throws StaleSnapshotException when the snapshot's epoch is below the partition's epoch marker
     * @throws IOException            when any step fails; the attempt is abandoned, never half-retried
     */
    public <E> SavedSnapshot save(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress)
            throws IOException {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(codec, "codec");
        // encode first: an oversized snapshot or a broken codec leaves no trace on disk; an event the codec
        // fails on is left out, so it cannot keep the partition's other events from being persisted
        SnapshotFormat.Buffers buffers = takeBuffers();
        try {
            SnapshotFormat.EncodedFile encoded = format.encodeInto(snapshot, codec, compress, true, buffers);
            return write(snapshot, encoded);
        } finally {
            returnBuffers(buffers);
        }
    }

    private <E> SavedSnapshot write(PartitionSnapshot<E> snapshot, SnapshotFormat.EncodedFile encoded)
            throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(encoded.array(), 0, encoded.length());
        String store = snapshot.storeName();
        int partition = snapshot.partition();
        String name = fileName(snapshot.lastSequence(), snapshot.takenAt().toEpochMilli());
        ReentrantLock lock = lock(store, partition);
        try {
            SnapshotStorage dir = partitionDirectory(store, partition, true).orElseThrow();
            writeDurably(dir, name, bytes, () -> {
                // The fence: a capture taken before a purge/clear whose marker is already durable must not land
                // after it, or purged events would come back on restart. Checked under the partition lock, right
                // before the rename.
                long marker = readMarker(dir, store, partition).orElse(0L);
                if (snapshot.epoch() < marker) {
                    throw new StaleSnapshotException("Snapshot of store '" + store + "' partition " + partition
                            + " has epoch " + snapshot.epoch() + ", below the epoch marker " + marker
                            + " (a purge or clear happened after it was captured); it was not written");
                }
            });
            listener.saved(store, partition, name, encoded.length());
            return new SavedSnapshot(store, partition, name, encoded.length(), encoded.skipped());
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface BeforeRename {
        void check() throws IOException;
    }

    /** temp (new, 0600) → write all → force once → check → atomic rename → directory sync. */
    private static void writeDurably(SnapshotStorage dir, String name, ByteBuffer bytes, BeforeRename beforeRename)
            throws IOException {
        String temp = name + TEMP_SUFFIX;
        SnapshotStorage.WritableFile out;
        try {
            out = dir.create(temp);
        } catch (FileAlreadyExistsException leftover) {
            // a temp of this very name is ours: left by a crashed or failed attempt, never renamed, so garbage
            dir.delete(temp);
            out = dir.create(temp);
        }
        boolean renamed = false;
        try {
            try (SnapshotStorage.WritableFile file = out) {
                file.write(bytes);
                file.sync();
            }
            beforeRename.check();
            dir.atomicRename(temp, name);
            renamed = true;
            dir.syncDirectory();
        } catch (Throwable failure) {
            if (!renamed) {
                try {
                    dir.delete(temp);
                } catch (Throwable cleanup) {
                    failure.addSuppressed(cleanup);
                }
            }
            throw failure;
        }
    }

    // ------------------------------------------------------------------------------------------------ load

    /**
     * The newest valid snapshot of a partition, if any. Corrupt files are quarantined ({@code *.broken}) and
     * older ones tried; snapshots below the epoch marker are ignored; abandoned temp files are deleted.
     * Corruption never makes this throw.
     *
     * @param expectedSchemaVersion when present, the newest valid snapshot must have this schema version
     * @throws IncompatibleSnapshotException when the newest valid snapshot has another schema version than
     *                                       expected, was written by another codec, or in a newer format
     * @throws CorruptSnapshotException      when the epoch marker itself is corrupt: restoring without it could
     *                                       bring purged events back, so this needs a human
     * @throws IOException                   when the directory cannot be listed
     */
    public <E> Optional<PartitionSnapshot<E>> loadLatest(String store, int partition, EventCodec<E> codec,
            OptionalInt expectedSchemaVersion) throws IOException {
        return loadLatest(store, partition, codec, expectedSchemaVersion, Long.MAX_VALUE);
    }

    /**
     * {@link #loadLatest(String, int, EventCodec, OptionalInt)} among the snapshots whose last sequence is below
     * {@code belowSequence}; newer files are not read, not quarantined, not deleted.
     */
    @Override
    public <E> Optional<PartitionSnapshot<E>> loadLatest(String store, int partition, EventCodec<E> codec,
            OptionalInt expectedSchemaVersion, long belowSequence) throws IOException {
        Objects.requireNonNull(expectedSchemaVersion, "expectedSchemaVersion");
        return load(store, partition, codec, expectedSchemaVersion, false, belowSequence).snapshot();
    }

    /**
     * The newest valid snapshot of schema version {@code schemaVersion}; newer valid snapshots of other versions are
     * passed over, counted and reported to the listener as skipped (never quarantined, never deleted here), and
     * older ones are tried, as for corrupt files. The schema version is read from the checksummed header, so a
     * snapshot of another version is never given to the codec.
     */
    @Override
    public <E> LoadedSnapshot<E> loadLatestOfSchema(String store, int partition, EventCodec<E> codec,
                                                    int schemaVersion, long belowSequence) throws IOException {
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion must be >= 1: " + schemaVersion);
        }
        return load(store, partition, codec, OptionalInt.of(schemaVersion), true, belowSequence);
    }

    private <E> LoadedSnapshot<E> load(String store, int partition, EventCodec<E> codec,
            OptionalInt expectedSchemaVersion, boolean skipOtherSchemas, long belowSequence) throws IOException {
        validate(store, partition);
        Objects.requireNonNull(codec, "codec");
        int skipped = 0;
        long highestSkipped = -1;
        ReentrantLock lock = lock(store, partition);
        try {
            Optional<SnapshotStorage> found = partitionDirectory(store, partition, false);
            if (found.isEmpty()) {
                return LoadedSnapshot.of(Optional.empty());
            }
            SnapshotStorage dir = found.get();
            List<String> names = dir.list();
            deleteAbandonedTemps(dir, names, store, partition);
            long marker = readMarker(dir, store, partition).orElse(0L);
            for (Candidate candidate : candidates(names)) {
                if (Long.compareUnsigned(candidate.lastSequence, belowSequence) >= 0) {
                    continue; // left by an interrupted resize (see SnapshotLayout)
                }
                String source = source(store, partition, candidate.name);
                try {
                    SnapshotFormat.CheckedHeader checked = readHeader(dir, candidate.name, source);
                    SnapshotFormat.Header header = checked.header();
                    checkIdentity(header, store, partition, candidate, source);
                    if (header.epoch() < marker) {
                        skip(store, partition, candidate.name,
                                "epoch " + header.epoch() + " is below the epoch marker " + marker);
                        continue;
                    }
                    if (skipOtherSchemas && header.schemaVersion() != expectedSchemaVersion.getAsInt()) {
                        skip(store, partition, candidate.name, "schema version " + header.schemaVersion()
                                + ", expected " + expectedSchemaVersion.getAsInt());
                        skipped++;
                        highestSkipped = Math.max(highestSkipped, header.lastSequence());
                        continue;
                    }
                    if (expectedSchemaVersion.isPresent()
                            && header.schemaVersion() != expectedSchemaVersion.getAsInt()) {
                        throw new IncompatibleSnapshotException("Snapshot schema mismatch. Expected="
                                + expectedSchemaVersion.getAsInt() + " Actual=" + header.schemaVersion()
                                + " Partition=" + partition + " (store '" + store + "', file " + candidate.name + ")");
                    }
                    try (SnapshotStorage.ReadableFile in = dir.open(candidate.name)) {
                        return new LoadedSnapshot<>(Optional.of(format.decodeEvents(checked, in, source, codec)),
                                skipped, highestSkipped);
                    }
                } catch (CorruptSnapshotException e) {
                    quarantine(dir, store, partition, candidate.name, e.getMessage());
                } catch (NoSuchFileException e) {
                    // deleted since the listing: nothing to restore from it
                } catch (IncompatibleSnapshotException e) {
                    throw e;
                } catch (IOException e) {
                    // maybe transient (EIO): pass over it without quarantining a possibly good file
                    skip(store, partition, candidate.name, "cannot be read: " + e);
                }
            }
            return new LoadedSnapshot<>(Optional.empty(), skipped, highestSkipped);
        } finally {
            lock.unlock();
        }
    }

    private void checkIdentity(SnapshotFormat.Header header, String store, int partition, Candidate candidate,
            String source) throws CorruptSnapshotException {
        if (!header.storeName().equals(store) || header.partition() != partition
                || header.lastSequence() != candidate.lastSequence || header.takenAtMillis() != candidate.takenAtMillis) {
            throw new CorruptSnapshotException(source, "header (store '" + header.storeName() + "' partition "
                    + header.partition() + ", " + fileName(header.lastSequence(), header.takenAtMillis())
                    + ") does not match where the file is");
        }
    }

    // ----------------------------------------------------------------------------------------------- prune

    /**
     * Keeps the newest {@code keep} valid snapshots of a partition and deletes the older ones, and any snapshot
     * below the epoch marker. Corrupt files met on the way are quarantined, never counted as valid, so the only
     * valid snapshot is never deleted. Files whose names are not ours are never deleted.
     *
     * @return the number of files deleted
     * @throws IOException when a file cannot be read (nothing is deleted then) or a deletion fails (the others
     *                     are still attempted)
     */
    public int prune(String store, int partition, int keep) throws IOException {
        validate(store, partition);
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1: " + keep);
        }
        ReentrantLock lock = lock(store, partition);
        try {
            Optional<SnapshotStorage> found = partitionDirectory(store, partition, false);
            if (found.isEmpty()) {
                return 0;
            }
            SnapshotStorage dir = found.get();
            // a corrupt marker throws: without it, fenced snapshots cannot be told from valid ones
            long marker = readMarker(dir, store, partition).orElse(0L);
            List<String> doomed = new ArrayList<>();
            int valid = 0;
            for (Candidate candidate : candidates(dir.list())) {
                if (valid >= keep) {
                    doomed.add(candidate.name);
                    continue;
                }
                String source = source(store, partition, candidate.name);
                try {
                    SnapshotFormat.Header header = readHeader(dir, candidate.name, source).header();
                    checkIdentity(header, store, partition, candidate, source);
                    if (header.epoch() < marker) {
                        doomed.add(candidate.name); // purged data should leave the disk, not just be ignored
                    } else {
                        valid++;
                    }
                } catch (CorruptSnapshotException e) {
                    quarantine(dir, store, partition, candidate.name, e.getMessage());
                } catch (IncompatibleSnapshotException e) {
                    valid++; // intact but newer than us: count it, never delete what we cannot judge
                } catch (NoSuchFileException e) {
                    // gone already
                }
            }
            return deleteAll(dir, store, partition, doomed);
        } finally {
            lock.unlock();
        }
    }

    private int deleteAll(SnapshotStorage dir, String store, int partition, List<String> names) throws IOException {
        IOException failure = null;
        int deleted = 0;
        for (String name : names) {
            try {
                dir.delete(name);
                deleted++;
                listener.deleted(store, partition, name);
            } catch (NoSuchFileException e) {
                // already gone: the goal is met
            } catch (IOException e) {
                if (failure == null) {
                    failure = new IOException("Cannot delete snapshot files of store '" + store + "' partition "
                            + partition + " in " + dir.describe(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (deleted > 0) {
            try {
                dir.syncDirectory();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return deleted;
    }

    // ------------------------------------------------------------------------------------------ partitions

    /** The partitions of a store that have a snapshot directory, in ascending order. */
    public List<Integer> partitions(String store) throws IOException {
        SnapshotNames.requireValidStoreName(store);
        Optional<SnapshotStorage> storeDir = root.directory(store, false);
        if (storeDir.isEmpty()) {
            return List.of();
        }
        List<Integer> partitions = new ArrayList<>();
        for (String name : storeDir.get().listDirectories()) {
            int partition = SnapshotNames.parsePartitionDirectory(name);
            if (partition >= 0) {
                partitions.add(partition);
            }
        }
        partitions.sort(Comparator.naturalOrder());
        return List.copyOf(partitions);
    }

    /** The stores that have a directory under the root, sorted. */
    public List<String> stores() throws IOException {
        List<String> stores = new ArrayList<>();
        for (String name : root.listDirectories()) {
            try {
                stores.add(SnapshotNames.requireValidStoreName(name));
            } catch (IllegalArgumentException foreign) {
                // not ours
            }
        }
        stores.sort(Comparator.naturalOrder());
        return List.copyOf(stores);
    }

    // ------------------------------------------------------------------------------------------ layout

    /**
     * The layout recorded in {@code <root>/<store>/layout}, if any.
     *
     * @throws CorruptSnapshotException when the file is damaged: guessing the layout could restore snapshots of
     *                                  a former layout next to the current one, so this needs a human
     */
    @Override
    public Optional<SnapshotLayout> readLayout(String store) throws IOException {
        SnapshotNames.requireValidStoreName(store);
        ReentrantLock lock = layoutLock(store);
        try {
            Optional<SnapshotStorage> dir = root.directory(store, false);
            if (dir.isEmpty()) {
                return Optional.empty();
            }
            String source = "'" + store + "' file " + LAYOUT_FILE;
            byte[] bytes;
            try {
                bytes = readFile(dir.get(), LAYOUT_FILE, source, 4096);
            } catch (NoSuchFileException absent) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            String problem = null;
            if (bytes.length != LAYOUT_FILE_BYTES) {
                problem = "layout file is " + bytes.length + " bytes, expected " + LAYOUT_FILE_BYTES;
            } else if (b.getInt(0) != LAYOUT_MAGIC || b.getShort(4) != LAYOUT_FORMAT) {
                problem = "layout file has a bad magic or version";
            } else if (b.getInt(LAYOUT_FILE_BYTES - 4) != SnapshotFormat.crc32c(bytes, 0, LAYOUT_FILE_BYTES - 4)) {
                problem = "layout file checksum mismatch";
            } else {
                try {
                    return Optional.of(new SnapshotLayout(b.getInt(6), b.getLong(10), b.getLong(18)));
                } catch (IllegalArgumentException e) {
                    problem = "layout file holds an impossible layout: " + e.getMessage();
                }
            }
            throw new CorruptSnapshotException(source, problem + "; refusing to guess which partition directories"
                    + " hold the store's snapshots. Inspect " + dir.get().describe());
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code <root>/<store>/layout} with the temp/force/rename/sync protocol of the snapshots. */
    @Override
    public void writeLayout(String store, SnapshotLayout layout) throws IOException {
        SnapshotNames.requireValidStoreName(store);
        Objects.requireNonNull(layout, "layout");
        ByteBuffer b = ByteBuffer.allocate(LAYOUT_FILE_BYTES);
        b.putInt(LAYOUT_MAGIC).putShort((short) LAYOUT_FORMAT).putInt(layout.partitions())
                .putLong(layout.sinceSequence()).putLong(layout.pendingSequence());
        b.putInt(SnapshotFormat.crc32c(b.array(), 0, b.position()));
        ReentrantLock lock = layoutLock(store);
        try {
            SnapshotStorage dir = root.directory(store, true).orElseThrow();
            writeDurably(dir, LAYOUT_FILE, ByteBuffer.wrap(b.array()), () -> {
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * Renames {@code p<partition>} to {@code p<partition>.<suffix>} (kept, no longer listed by
     * {@link #partitions}), then syncs the store directory. Does nothing when the directory does not exist.
     */
    @Override
    public void retirePartition(String store, int partition, String suffix) throws IOException {
        validate(store, partition);
        if (suffix == null || !suffix.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("suffix must be 1 to 40 of [a-z0-9-]");
        }
        ReentrantLock lock = lock(store, partition);
        try {
            Optional<SnapshotStorage> storeDir = root.directory(store, false);
            String name = SnapshotNames.partitionDirectory(partition);
            if (storeDir.isEmpty() || !storeDir.get().listDirectories().contains(name)) {
                return;
            }
            storeDir.get().atomicRename(name, name + "." + suffix);
            storeDir.get().syncDirectory();
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock layoutLock(String store) {
        ReentrantLock lock = locks.computeIfAbsent(store + "/" + LAYOUT_FILE, k -> new ReentrantLock());
        lock.lock();
        return lock;
    }

    // -------------------------------------------------------------------------------------- epoch markers

    /**
     * Durably records that the partition's snapshots below {@code epoch} are dead (a purge or clear happened),
     * with the same temp/force/rename/sync protocol, then deletes those snapshots. After this returns, no
     * restore returns a snapshot of an older epoch, and {@link #save} refuses them.
     *
     * @throws IllegalArgumentException when {@code epoch} is below the current marker (markers only move forward)
     * @throws IOException              when the marker cannot be written, or older snapshots cannot be deleted
     *                                  (the marker is in place then; calling again with the same epoch retries)
     */
    public void writeEpochMarker(String store, int partition, long epoch) throws IOException {
        validate(store, partition);
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
        }
        ReentrantLock lock = lock(store, partition);
        try {
            SnapshotStorage dir = partitionDirectory(store, partition, true).orElseThrow();
            OptionalLong current = readMarker(dir, store, partition);
            if (current.isPresent() && epoch < current.getAsLong()) {
                throw new IllegalArgumentException("Epoch marker of store '" + store + "' partition " + partition
                        + " only moves forward: it is " + current.getAsLong() + ", requested " + epoch);
            }
            if (current.isEmpty() || epoch > current.getAsLong()) {
                writeDurably(dir, EPOCH_FILE, ByteBuffer.wrap(encodeMarker(epoch)), () -> {
                });
            }
            List<String> fenced = new ArrayList<>();
            for (Candidate candidate : candidates(dir.list())) {
                String source = source(store, partition, candidate.name);
                try {
                    SnapshotFormat.Header header = readHeader(dir, candidate.name, source).header();
                    if (header.epoch() < epoch) {
                        fenced.add(candidate.name);
                    }
                } catch (CorruptSnapshotException | IncompatibleSnapshotException | NoSuchFileException e) {
                    // left for restore to quarantine or report; the marker already fences whatever it holds
                }
            }
            deleteAll(dir, store, partition, fenced);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The partition's epoch marker, if one was written.
     *
     * @throws CorruptSnapshotException when the marker file is damaged
     */
    public OptionalLong readEpochMarker(String store, int partition) throws IOException {
        validate(store, partition);
        ReentrantLock lock = lock(store, partition);
        try {
            Optional<SnapshotStorage> dir = partitionDirectory(store, partition, false);
            return dir.isEmpty() ? OptionalLong.empty() : readMarker(dir.get(), store, partition);
        } finally {
            lock.unlock();
        }
    }

    private static byte[] encodeMarker(long epoch) {
        ByteBuffer b = ByteBuffer.allocate(EPOCH_FILE_BYTES);
        b.putInt(EPOCH_MAGIC).putShort((short) EPOCH_FORMAT).putLong(epoch);
        b.putInt(SnapshotFormat.crc32c(b.array(), 0, b.position()));
        return b.array();
    }

    private OptionalLong readMarker(SnapshotStorage dir, String store, int partition) throws IOException {
        String source = source(store, partition, EPOCH_FILE);
        byte[] bytes;
        try {
            bytes = readFile(dir, EPOCH_FILE, source, 4096); // any size error is reported with the advice below
        } catch (NoSuchFileException absent) {
            return OptionalLong.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        String problem = null;
        if (bytes.length != EPOCH_FILE_BYTES) {
            problem = "epoch marker is " + bytes.length + " bytes, expected " + EPOCH_FILE_BYTES;
        } else if (b.getInt(0) != EPOCH_MAGIC || b.getShort(4) != EPOCH_FORMAT) {
            problem = "epoch marker has a bad magic or version";
        } else if (b.getInt(14) != SnapshotFormat.crc32c(bytes, 0, 14)) {
            problem = "epoch marker checksum mismatch";
        } else if (b.getLong(6) < 0) {
            problem = "epoch marker holds a negative epoch";
        }
        if (problem != null) {
            throw new CorruptSnapshotException(source, problem + "; refusing to guess which snapshots a purge or clear"
                    + " removed. Inspect " + dir.describe() + " and delete the marker to use the snapshots as they are");
        }
        return OptionalLong.of(b.getLong(6));
    }

    // ------------------------------------------------------------------------------------------- internals

    private record Candidate(String name, long lastSequence, long takenAtMillis) {
    }

    /** Our snapshot files, newest first (by last sequence, then time). Anything else is not ours. */
    private static List<Candidate> candidates(List<String> names) {
        List<Candidate> candidates = new ArrayList<>();
        for (String name : names) {
            Matcher m = SNAPSHOT_NAME.matcher(name);
            if (m.matches()) {
                candidates.add(new Candidate(name, Long.parseUnsignedLong(m.group(1), 16),
                        Long.parseUnsignedLong(m.group(2), 16)));
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::lastSequence)
                .thenComparingLong(Candidate::takenAtMillis).reversed());
        return candidates;
    }

    private void deleteAbandonedTemps(SnapshotStorage dir, List<String> names, String store, int partition) {
        for (String name : names) {
            if (!name.endsWith(TEMP_SUFFIX)) {
                continue;
            }
            String target = name.substring(0, name.length() - TEMP_SUFFIX.length());
            if (!target.equals(EPOCH_FILE) && !SNAPSHOT_NAME.matcher(target).matches()) {
                continue; // not one of our temp names: not ours to delete
            }
            try {
                dir.delete(name);
                listener.deleted(store, partition, name);
                LOG.log(Level.DEBUG, "Deleted abandoned temp file {0} of store ''{1}'' partition {2}", name, store,
                        partition);
            } catch (IOException e) {
                // harmless: temps are never read; the next restore tries again
                LOG.log(Level.WARNING, "Cannot delete abandoned temp file " + name + " in " + dir.describe(), e);
            }
        }
    }

    /** Validates a whole snapshot file, streaming it (see {@link SnapshotFormat#readHeader(SnapshotStorage.ReadableFile, String)}). */
    private SnapshotFormat.CheckedHeader readHeader(SnapshotStorage dir, String name, String source) throws IOException {
        try (SnapshotStorage.ReadableFile in = dir.open(name)) {
            return format.readHeader(in, source);
        }
    }

    /** Encoding buffers for a save: one per save in flight, reused by the next (see {@link SnapshotFormat.Buffers}). */
    private SnapshotFormat.Buffers takeBuffers() {
        SnapshotFormat.Buffers buffers = idleBuffers.pollFirst();
        return buffers != null ? buffers : new SnapshotFormat.Buffers();
    }

    void returnBuffers(SnapshotFormat.Buffers buffers) {
        idleBuffers.offerFirst(buffers);
    }

    /** Reads a whole file, refusing (before allocating) one larger than {@code maxBytes}. */
    private static byte[] readFile(SnapshotStorage dir, String name, String source, int maxBytes) throws IOException {
        try (SnapshotStorage.ReadableFile in = dir.open(name)) {
            long size = in.size();
            if (size > maxBytes) {
                throw new CorruptSnapshotException(source, "file is " + size + " bytes, more than the limit of "
                        + maxBytes);
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && in.read(buf) >= 0) {
                // keep reading
            }
            return buf.position() == buf.capacity() ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private void quarantine(SnapshotStorage dir, String store, int partition, String name, String reason) {
        LOG.log(Level.WARNING, "Quarantining snapshot {0} of store ''{1}'' partition {2}: {3}", name, store, partition,
                reason);
        try {
            dir.atomicRename(name, name + BROKEN_SUFFIX);
        } catch (IOException e) {
            // still skipped for this restore; the next one will try again
            LOG.log(Level.WARNING, "Cannot rename corrupt snapshot " + name + " in " + dir.describe(), e);
        }
        listener.quarantined(store, partition, name, reason);
    }

    private void skip(String store, int partition, String name, String reason) {
        LOG.log(Level.INFO, "Skipping snapshot {0} of store ''{1}'' partition {2}: {3}", name, store, partition, reason);
        listener.skipped(store, partition, name, reason);
    }

    private Optional<SnapshotStorage> partitionDirectory(String store, int partition, boolean create) throws IOException {
        Optional<SnapshotStorage> storeDir = root.directory(store, create);
        if (storeDir.isEmpty()) {
            return Optional.empty();
        }
        return storeDir.get().directory(SnapshotNames.partitionDirectory(partition), create);
    }

    private ReentrantLock lock(String store, int partition) {
        ReentrantLock lock = locks.computeIfAbsent(store + '/' + partition, k -> new ReentrantLock());
        lock.lock();
        return lock;
    }

    private static void validate(String store, int partition) {
        SnapshotNames.requireValidStoreName(store);
        SnapshotNames.requireValidPartition(partition);
    }

    private static String source(String store, int partition, String file) {
        return "'" + store + "' partition " + partition + " file " + file;
    }
}
