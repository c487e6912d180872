package dev.lockfree.eventstore.snapshot;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validation of the names that become directory names under the snapshot root. A store name is an
 * allow-listed single path element; a partition is a non-negative int. Nothing else from a caller ever
 * reaches the file system.
 */
public final class SnapshotNames {

    /** Allow-list for store names: ASCII letters, digits, '.', '_' and '-', 1 to 64 characters, no leading dot. */
    public static final Pattern STORE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    // Reserved on Windows with any extension; refused everywhere so a snapshot directory stays portable.
    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private SnapshotNames() {
    }

    /**
     * Checks a store name, in the order of the C# seed's partition-key checks, each with its own message.
     * The rejected value is not echoed: it may be hostile (log injection).
     *
     * @throws IllegalArgumentException when the name is not allowed
     */
    public static String requireValidStoreName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Store name must be non-empty");
        }
        if (name.contains("..")) {
            throw new IllegalArgumentException("Store name must not contain '..'");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("Store name must not contain directory separators");
        }
        if (!STORE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "Store name contains disallowed characters (allowed: " + STORE_NAME.pattern() + ")");
        }
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT);
        if (WINDOWS_DEVICES.contains(base)) {
            throw new IllegalArgumentException("Store name is a reserved device name on Windows");
        }
        return name;
    }

    /** @throws IllegalArgumentException when the partition is negative */
    public static int requireValidPartition(int partition) {
        if (partition < 0) {
            throw new IllegalArgumentException("Partition must be >= 0: " + partition);
        }
        return partition;
    }

    static String partitionDirectory(int partition) {
        return "p" + partition;
    }

    /** The partition number of a directory name {@code p<n>} (canonical decimal), or -1. */
    static int parsePartitionDirectory(String name) {
        if (name.length() < 2 || name.length() > 11 || name.charAt(0) != 'p') {
            return -1;
        }
        String digits = name.substring(1);
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9') || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        long value = Long.parseLong(digits);
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }
}
