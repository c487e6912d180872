package dev.lockfree.eventstore.snapshot;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SnapshotStorage} on a real file system through NIO: files 0600 and directories 0700 (on POSIX file
 * systems), temp files created with {@code CREATE_NEW}, reads with {@code NOFOLLOW_LINKS}, renames with
 * {@code ATOMIC_MOVE} and no fallback, directory sync through {@code FileChannel.force} on the directory.
 */
public final class NioSnapshotStorage implements SnapshotStorage {

    private static final System.Logger LOG = System.getLogger("dev.lockfree.eventstore.snapshot");
    // Windows cannot open a directory as a channel; skipping the sync there is what Lucene and Elasticsearch do.
    private static final boolean SYNC_DIRECTORIES = !System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");
    private static final FileAttribute<Set<PosixFilePermission>> DIR_0700 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> FILE_0600 =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path dir;
    private final boolean posix;

    private NioSnapshotStorage(Path dir, boolean posix) {
        this.dir = dir;
        this.posix = posix;
    }

    /**
     * Opens (creating it, mode 0700, if missing) the snapshot root.
     *
     * @throws UnsafeDirectoryException when the root is a symbolic link, not a directory or group/world-writable
     */
    public static NioSnapshotStorage openRoot(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (posix) {
                Files.createDirectories(dir, DIR_0700);
            } else {
                Files.createDirectories(dir);
            }
        }
        checkSafe(dir, posix);
        return new NioSnapshotStorage(dir, posix);
    }

    /** The directory this storage works in. */
    public Path path() {
        return dir;
    }

    @Override
    public List<String> list() throws IOException {
        return entries(false);
    }

    @Override
    public List<String> listDirectories() throws IOException {
        return entries(true);
    }

    private List<String> entries(boolean directories) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (a.isDirectory() == directories) {
                    names.add(p.getFileName().toString());
                }
            }
        }
        return names;
    }

    @Override
    public Optional<SnapshotStorage> directory(String name, boolean create) throws IOException {
        Path sub = resolve(name);
        if (!Files.exists(sub, LinkOption.NOFOLLOW_LINKS)) {
            if (!create) {
                return Optional.empty();
            }
            try {
                if (posix) {
                    Files.createDirectory(sub, DIR_0700);
                } else {
                    Files.createDirectory(sub);
                }
                syncDirectory(); // the new entry must survive a crash before files inside it matter
            } catch (FileAlreadyExistsException raced) {
                // another partition of the same store created it first: verified below like any existing one
            }
        }
        checkSafe(sub, posix);
        return Optional.of(new NioSnapshotStorage(sub, posix));
    }

    private static final int WRITE_SLICE = 256 * 1024;

    @Override
    public WritableFile create(String name) throws IOException {
        Path file = resolve(name);
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileChannel channel = posix ? FileChannel.open(file, options, FILE_0600) : FileChannel.open(file, options);
        return new WritableFile() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                // in slices: the JDK copies a heap buffer through a per-thread cached direct buffer as large as
                // the write, which would keep native memory the size of the largest snapshot on every thread
                int end = bytes.limit();
                try {
                    while (bytes.hasRemaining()) {
                        bytes.limit(Math.min(end, bytes.position() + WRITE_SLICE));
                        while (bytes.hasRemaining()) {
                            channel.write(bytes);
                        }
                        bytes.limit(end);
                    }
                } finally {
                    bytes.limit(end);
                }
            }

            @Override
            public void sync() throws IOException {
                channel.force(true);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public void atomicRename(String from, String to) throws IOException {
        // rename(2): atomic, replaces an existing target. No copy fallback: a cross-device "rename" is a
        // misconfiguration and must fail loudly (AtomicMoveNotSupportedException).
        Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void syncDirectory() throws IOException {
        if (!SYNC_DIRECTORIES) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        Path file = resolve(name);
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new CorruptSnapshotException(file.toString(), a.isSymbolicLink()
                    ? "is a symbolic link (not followed)" : "is not a regular file");
        }
        // NOFOLLOW_LINKS again: the entry may have been swapped for a link since the check above
        SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        return new ReadableFile() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return channel.read(dst);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public void delete(String name) throws IOException {
        Files.delete(resolve(name));
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public String toString() {
        return "NioSnapshotStorage[" + dir + "]";
    }

    /** Resolves a single path element, refusing anything that would leave this directory. */
    private Path resolve(String name) {
        Path p = dir.resolve(name).normalize();
        if (name.isEmpty() || name.equals(".") || name.equals("..") || !dir.equals(p.getParent())) {
            throw new IllegalArgumentException("Not a plain file name in " + dir);
        }
        return p;
    }

    private static void checkSafe(Path dir, boolean posix) throws IOException {
        BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            throw new UnsafeDirectoryException(dir.toString(), "it is a symbolic link; configure the real path");
        }
        if (!a.isDirectory()) {
            throw new UnsafeDirectoryException(dir.toString(), "it is not a directory");
        }
        if (posix) {
            Set<PosixFilePermission> perms = Files.readAttributes(dir, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).permissions();
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new UnsafeDirectoryException(dir.toString(), "it is writable by group or others ("
                        + PosixFilePermissions.toString(perms) + "); make it rwx------ (chmod 700)");
            }
        } else {
            LOG.log(Level.DEBUG, "No POSIX permissions on {0}; directory permissions not checked", dir);
        }
    }
}
