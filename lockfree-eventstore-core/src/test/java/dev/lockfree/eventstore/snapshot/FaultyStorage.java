package dev.lockfree.eventstore.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An in-memory "disk" behind the {@link SnapshotStorage} seam that knows what a power loss would keep.
 *
 * <ul>
 *   <li>File content is durable only after {@code sync()}; directory entries (create, rename, delete, mkdir)
 *       only after {@code syncDirectory()} of their directory.</li>
 *   <li>{@link #crash(Random)} simulates a power loss: each directory keeps a random prefix of its
 *       un-synced entry changes (none of them reverts every un-dirsynced rename and delete; all of them is a
 *       journal that happened to commit), and every file with un-synced data is kept, deleted (reverted),
 *       zeroed or truncated at random (Lucene MockDirectoryWrapper style).</li>
 *   <li>Every storage call gets an index; {@link #crashAtCall} stops the "machine" at a given call (that call
 *       and every later one throw {@link SimulatedCrash}), {@link #failAtCall} makes one call throw an
 *       {@link IOException} such as {@link #enospc()}. A failing write stores half its bytes first.</li>
 * </ul>
 */
final class FaultyStorage {

    enum Op { LIST, LIST_DIRS, DIRECTORY, CREATE, WRITE, SYNC, RENAME, SYNC_DIR, OPEN, READ, DELETE }

    /** The power went out: unchecked, so it escapes the store's IOException handling like a real stop would. */
    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated power loss", null, false, false);
        }
    }

    static IOException eio() {
        return new IOException("Input/output error");
    }

    static IOException enospc() {
        return new IOException("No space left on device");
    }

    private static final class FileNode {
        byte[] content = new byte[0];
        byte[] durable; // null: never synced
        int syncs;
    }

    private static final class DirNode {
        TreeMap<String, Object> entries = new TreeMap<>();
        TreeMap<String, Object> durable = new TreeMap<>();
        final List<TreeMap<String, Object>> pending = new ArrayList<>(); // entry states after each un-synced change

        void changed() {
            pending.add(new TreeMap<>(entries));
        }

        void synced() {
            durable = new TreeMap<>(entries);
            pending.clear();
        }
    }

    /** One call that the store made, for tests that reason about the protocol. */
    record Call(long index, Op op, String detail) {
    }

    private final DirNode root = new DirNode();
    private final List<Call> trace = new ArrayList<>();
    private long calls;
    private long crashAt = -1;
    private boolean crashed;
    private long failAt = -1;
    private Supplier<IOException> failure;

    /** The root directory as a {@link SnapshotStorage}. */
    SnapshotStorage root() {
        return new View(root, "");
    }

    synchronized long calls() {
        return calls;
    }

    synchronized List<Call> trace() {
        return List.copyOf(trace);
    }

    /** The calls made since call index {@code from}. */
    synchronized List<Call> traceFrom(long from) {
        return trace.stream().filter(c -> c.index() >= from).toList();
    }

    synchronized void crashAtCall(long index) {
        crashAt = index;
    }

    synchronized void failAtCall(long index, Supplier<IOException> error) {
        failAt = index;
        failure = error;
    }

    synchronized void clearFaults() {
        failAt = -1;
        failure = null;
    }

    /** Power loss: keeps only what could survive, then the machine is "rebooted" with no faults planned. */
    synchronized void crash(Random random) {
        crash(root, random);
        crashed = false;
        crashAt = -1;
        clearFaults();
    }

    private static void crash(DirNode dir, Random random) {
        int kept = random.nextInt(dir.pending.size() + 1);
        dir.entries = new TreeMap<>(kept == 0 ? dir.durable : dir.pending.get(kept - 1));
        for (var entry : new ArrayList<>(dir.entries.entrySet())) {
            if (entry.getValue() instanceof FileNode f && !Arrays.equals(f.content, f.durable)) {
                switch (random.nextInt(4)) {
                    case 0 -> { } // the page cache happened to reach the disk
                    case 1 -> {
                        if (f.durable == null) {
                            dir.entries.remove(entry.getKey());
                        } else {
                            f.content = f.durable.clone();
                        }
                    }
                    case 2 -> f.content = new byte[f.content.length];
                    default -> f.content = Arrays.copyOf(f.content, random.nextInt(f.content.length + 1));
                }
                f.durable = f.content.clone();
            } else if (entry.getValue() instanceof DirNode d) {
                crash(d, random);
            }
        }
        dir.synced();
    }

    // ------------------------------------------------------------------------- direct access for tests

    /** Puts a durable file (creating durable directories), as if it had been on disk for a long time. */
    synchronized void plant(List<String> dirPath, String name, byte[] bytes) {
        DirNode dir = root;
        for (String element : dirPath) {
            Object next = dir.entries.get(element);
            if (next == null) {
                next = new DirNode();
                dir.entries.put(element, next);
                dir.synced();
            }
            dir = (DirNode) next;
        }
        FileNode f = new FileNode();
        f.content = bytes.clone();
        f.durable = bytes.clone();
        dir.entries.put(name, f);
        dir.synced();
    }

    /** File names (not directories) in a directory, sorted; empty if it does not exist. */
    synchronized List<String> names(List<String> dirPath) {
        DirNode dir = find(dirPath);
        return dir == null ? List.of()
                : dir.entries.entrySet().stream().filter(e -> e.getValue() instanceof FileNode).map(e -> e.getKey()).toList();
    }

    synchronized byte[] content(List<String> dirPath, String name) {
        DirNode dir = find(dirPath);
        return dir != null && dir.entries.get(name) instanceof FileNode f ? f.content.clone() : null;
    }

    /** How many times each file now in the directory was synced. */
    synchronized int syncs(List<String> dirPath, String name) {
        DirNode dir = find(dirPath);
        return dir != null && dir.entries.get(name) instanceof FileNode f ? f.syncs : -1;
    }

    private DirNode find(List<String> dirPath) {
        DirNode dir = root;
        for (String element : dirPath) {
            if (!(dir.entries.get(element) instanceof DirNode next)) {
                return null;
            }
            dir = next;
        }
        return dir;
    }

    // ------------------------------------------------------------------------------------ the seam

    private void enter(Op op, String detail) throws IOException {
        if (crashed) {
            throw new SimulatedCrash();
        }
        long index = calls++;
        trace.add(new Call(index, op, detail));
        if (index == crashAt) {
            crashed = true;
            throw new SimulatedCrash();
        }
        if (index == failAt) {
            throw failure.get();
        }
    }

    private final class View implements SnapshotStorage {
        private final DirNode dir;
        private final String path;

        View(DirNode dir, String path) {
            this.dir = dir;
            this.path = path;
        }

        @Override
        public List<String> list() throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.LIST, path);
                return dir.entries.entrySet().stream().filter(e -> e.getValue() instanceof FileNode)
                        .map(e -> e.getKey()).toList();
            }
        }

        @Override
        public List<String> listDirectories() throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.LIST_DIRS, path);
                return dir.entries.entrySet().stream().filter(e -> e.getValue() instanceof DirNode)
                        .map(e -> e.getKey()).toList();
            }
        }

        @Override
        public Optional<SnapshotStorage> directory(String name, boolean create) throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.DIRECTORY, path + "/" + name);
                Object existing = dir.entries.get(name);
                if (existing instanceof DirNode d) {
                    return Optional.of(new View(d, path + "/" + name));
                }
                if (existing != null) {
                    throw new UnsafeDirectoryException(path + "/" + name, "it is not a directory");
                }
                if (!create) {
                    return Optional.empty();
                }
                DirNode d = new DirNode();
                dir.entries.put(name, d);
                dir.changed();
                syncDirectory(); // as the NIO storage does: the new entry must be durable
                return Optional.of(new View(d, path + "/" + name));
            }
        }

        @Override
        public WritableFile create(String name) throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.CREATE, path + "/" + name);
                if (dir.entries.containsKey(name)) {
                    throw new FileAlreadyExistsException(path + "/" + name);
                }
                FileNode f = new FileNode();
                dir.entries.put(name, f);
                dir.changed();
                return new WritableFile() {
                    @Override
                    public void write(ByteBuffer bytes) throws IOException {
                        synchronized (FaultyStorage.this) {
                            try {
                                enter(Op.WRITE, path + "/" + name);
                            } catch (IOException e) {
                                append(f, bytes, bytes.remaining() / 2); // a failed write may still land partly
                                throw e;
                            }
                            append(f, bytes, bytes.remaining());
                        }
                    }

                    @Override
                    public void sync() throws IOException {
                        synchronized (FaultyStorage.this) {
                            enter(Op.SYNC, path + "/" + name);
                            f.durable = f.content.clone();
                            f.syncs++;
                        }
                    }

                    @Override
                    public void close() {
                        // nothing to release; closing does not make anything durable
                    }
                };
            }
        }

        private void append(FileNode f, ByteBuffer bytes, int n) {
            int old = f.content.length;
            f.content = Arrays.copyOf(f.content, old + n);
            bytes.get(f.content, old, n);
        }

        @Override
        public void atomicRename(String from, String to) throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.RENAME, path + "/" + from + " -> " + to);
                Object node = dir.entries.get(from);
                if (node == null) {
                    throw new NoSuchFileException(path + "/" + from);
                }
                dir.entries.remove(from);
                dir.entries.put(to, node);
                dir.changed();
            }
        }

        @Override
        public void syncDirectory() throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.SYNC_DIR, path);
                dir.synced();
            }
        }

        @Override
        public ReadableFile open(String name) throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.OPEN, path + "/" + name);
                Object node = dir.entries.get(name);
                if (node == null) {
                    throw new NoSuchFileException(path + "/" + name);
                }
                if (!(node instanceof FileNode f)) {
                    throw new CorruptSnapshotException(path + "/" + name, "is not a regular file");
                }
                return new ReadableFile() {
                    private int position;

                    @Override
                    public long size() {
                        synchronized (FaultyStorage.this) {
                            return f.content.length;
                        }
                    }

                    @Override
                    public int read(ByteBuffer dst) throws IOException {
                        synchronized (FaultyStorage.this) {
                            enter(Op.READ, path + "/" + name);
                            if (position >= f.content.length) {
                                return -1;
                            }
                            int n = Math.min(dst.remaining(), f.content.length - position);
                            dst.put(f.content, position, n);
                            position += n;
                            return n;
                        }
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        }

        @Override
        public void delete(String name) throws IOException {
            synchronized (FaultyStorage.this) {
                enter(Op.DELETE, path + "/" + name);
                if (dir.entries.remove(name) == null) {
                    throw new NoSuchFileException(path + "/" + name);
                }
                dir.changed();
            }
        }

        @Override
        public String describe() {
            return "faulty:" + path;
        }
    }
}
