package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"orders", "a", "A-1_b.c", "x123456789012345678901234567890123456789012345678901234567890123"})
    void acceptsAllowListedNames(String name) {
        assertThat(SnapshotNames.requireValidStoreName(name)).isEqualTo(name);
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                   | Store name must be non-empty",
        "'   '                | Store name must be non-empty",
        "..                   | Store name must not contain '..'",
        "a..b                 | Store name must not contain '..'",
        "../etc               | Store name must not contain '..'",
        "a/b                  | Store name must not contain directory separators",
        "/abs                 | Store name must not contain directory separators",
        "'a\\b'               | Store name must not contain directory separators",
        ".hidden              | Store name contains disallowed characters",
        "-dash                | Store name contains disallowed characters",
        "with space           | Store name contains disallowed characters",
        "ünïcode              | Store name contains disallowed characters",
        "%2e%2e               | Store name contains disallowed characters",
        "x1234567890123456789012345678901234567890123456789012345678901234 | Store name contains disallowed characters",
        "CON                  | Store name is a reserved device name on Windows",
        "nul.txt              | Store name is a reserved device name on Windows",
        "Lpt9                 | Store name is a reserved device name on Windows",
    })
    void rejectsNamesThatCouldEscapeOrMisbehave(String name, String message) {
        assertThatThrownBy(() -> SnapshotNames.requireValidStoreName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void rejectsNullAndNegativePartitions() {
        assertThatThrownBy(() -> SnapshotNames.requireValidStoreName(null)).hasMessage("Store name must be non-empty");
        assertThatThrownBy(() -> SnapshotNames.requireValidPartition(-1)).hasMessage("Partition must be >= 0: -1");
        assertThat(SnapshotNames.requireValidPartition(0)).isZero();
    }

    @Test
    void parsesOnlyCanonicalPartitionDirectories() {
        assertThat(SnapshotNames.parsePartitionDirectory("p0")).isZero();
        assertThat(SnapshotNames.parsePartitionDirectory("p2147483647")).isEqualTo(Integer.MAX_VALUE);
        for (String foreign : new String[] {"p", "p01", "p-1", "p2147483648", "q1", "p1a", "P1", "p+1"}) {
            assertThat(SnapshotNames.parsePartitionDirectory(foreign)).as(foreign).isEqualTo(-1);
        }
    }
}
