package dev.lockfree.eventstore.regression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.KeyMap;
import dev.lockfree.eventstore.stress.ConcurrentRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Seed defect BUG-09 (docs/seed-parity.md#bug-09): the C# seed's {@code KeyMap} could run its id factory twice for one
 * key under contention, burning ids and leaving orphan reverse entries, and {@code Clear} let old ids alias new keys.
 */
class Bug09KeyMapTest {

    private static final int THREADS = 8;
    private static final int KEYS = 2_000;

    @Test
    void bug09_concurrentGetOrAddGivesOneDenseIdPerKeyWithNoOrphan() {
        long seed = ConcurrentRun.seed("BUG-09 getOrAdd");
        KeyMap map = new KeyMap();
        int[][] ids = new int[THREADS][KEYS];
        ConcurrentRun run = new ConcurrentRun("BUG-09", Duration.ofSeconds(20));
        for (int t = 0; t < THREADS; t++) {
            final int thread = t;
            run.producer(() -> {
                List<Integer> order = IntStream.range(0, KEYS).boxed().collect(Collectors.toList());
                Collections.shuffle(order, new Random(seed + thread));
                for (int k : order) {
                    ids[thread][k] = map.getOrAdd("key-" + k);
                }
            });
        }
        run.execute();

        Set<Integer> distinct = new HashSet<>();
        for (int k = 0; k < KEYS; k++) {
            for (int t = 1; t < THREADS; t++) {
                assertThat(ids[t][k]).as("id of key-%d seen by thread %d", k, t).isEqualTo(ids[0][k]);
            }
            distinct.add(ids[0][k]);
        }
        assertThat(distinct).as("dense ids from 1, none burnt")
                .isEqualTo(IntStream.rangeClosed(1, KEYS).boxed().collect(Collectors.toSet()));
        assertThat(map.size()).isEqualTo(KEYS);
        assertThat(map.mappings()).hasSize(KEYS);
        for (int k = 0; k < KEYS; k++) {
            assertThat(map.tryGetKey(ids[0][k])).contains("key-" + k);
            assertThat(map.tryGet("key-" + k)).isEqualTo(OptionalInt.of(ids[0][k]));
        }
        assertThat(map.tryGetKey(KEYS + 1)).as("no orphan reverse entry past the last id").isEmpty();
        assertThat(map.tryGetKey(0)).isEmpty();
    }

    @Test
    void bug09_clearNeverReissuesAnId() {
        KeyMap map = new EventStore<String>(4, 1).keyMap();
        assertThat(map.getOrAdd("a")).isEqualTo(1);
        assertThat(map.getOrAdd("b")).isEqualTo(2);
        assertThat(map.getOrAdd("a")).isEqualTo(1);
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.tryGet("a")).isEmpty();
        assertThat(map.tryGetKey(1)).isEmpty();
        assertThat(map.getOrAdd("c")).as("an id handed out before the clear is never reused").isEqualTo(3);
        assertThat(map.getOrAdd("a")).isEqualTo(4);
        assertThat(map.tryGetKey(1)).isEmpty();
        assertThat(map.tryGetKey(4)).contains("a");
    }

    @Test
    void bug09_clearRacingGetOrAddLeavesForwardAndReverseMappingsConsistent() {
        KeyMap map = new KeyMap();
        ConcurrentLinkedQueue<Integer> issued = new ConcurrentLinkedQueue<>();
        ConcurrentRun run = new ConcurrentRun("BUG-09 clear", Duration.ofMillis(800));
        for (int t = 0; t < 4; t++) {
            final int thread = t;
            run.producer(() -> {
                for (int i = 0; i < 200_000 && ((i & 255) != 0 || !run.timeUp()); i++) {
                    issued.add(map.getOrAdd("t" + thread + "-" + i)); // a fresh key each time
                }
            });
        }
        run.helper(map::clear);
        run.execute();

        List<Integer> all = new ArrayList<>(issued);
        assertThat(new HashSet<>(all)).as("every fresh key got its own id, even across clears").hasSize(all.size());
        List<String> inconsistent = new ArrayList<>();
        for (Map.Entry<String, Integer> e : map.mappings().entrySet()) {
            Optional<String> back = map.tryGetKey(e.getValue());
            if (!back.equals(Optional.of(e.getKey())) && inconsistent.size() < 10) {
                inconsistent.add(e.getKey() + " -> " + e.getValue() + " but id " + e.getValue() + " -> " + back);
            }
        }
        for (int id : all) {
            Optional<String> key = map.tryGetKey(id);
            if (key.isPresent() && !map.tryGet(key.get()).equals(OptionalInt.of(id)) && inconsistent.size() < 10) {
                inconsistent.add("id " + id + " -> " + key.get() + " but " + key.get() + " -> " + map.tryGet(key.get()));
            }
        }
        assertThat(inconsistent).as("mappings whose other direction was lost by a racing clear").isEmpty();
    }
}
