package dev.lockfree.eventstore.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.Event;
import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.codec.EventCodec;
import dev.lockfree.eventstore.codec.EventCodecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots written with P partitions restored into a store of Q partitions (issue 14): keyed events follow their
 * key, unkeyed ones are spread by source partition, sequences and epochs continue, the old layout never comes back.
 */
class ResizedRestoreTest {

    private static final String STORE = "s";
    private static final EventCodec<Event> EVENTS = EventCodecs.event();
    private static final LongCodec LONGS = new LongCodec();

    @TempDir
    Path dir;

    private static SnapshotOptions options() {
        return SnapshotOptions.builder().interval(Duration.ofHours(1)).minEventsBetweenSnapshots(0)
                .finalSnapshot(false, Duration.ofSeconds(5)).snapshotsToKeep(1).build();
    }

    private static EventStore<Event> keyed(int partitions, int capacity) {
        return Event.storeBuilder().withPartitions(partitions).withCapacityPerPartition(capacity).create();
    }

    private static EventStore<Long> timed(int partitions, int capacity) {
        return EventStore.<Long>builder().withPartitions(partitions).withCapacityPerPartition(capacity)
                .withTimestampSelector(Long::longValue).withValueSelector(Long::doubleValue).create();
    }

    private static EventStore<Long> plain(int partitions, int capacity) {
        return EventStore.<Long>builder().withPartitions(partitions).withCapacityPerPartition(capacity).create();
    }

    private <E> Snapshotter<E> snapshotter(EventStore<E> store, EventCodec<E> codec, Path root) throws IOException {
        return new Snapshotter<>(store, STORE, codec, new FileSystemSnapshotStore(root), options());
    }

    private static long seed() {
        long seed = Long.getLong("resize.seed", System.nanoTime());
        System.out.println("ResizedRestoreTest seed=" + seed + " (rerun with -Dresize.seed=" + seed + ")");
        return seed;
    }

    /** Appends {@code count} events with random keys; per key, values count 0, 1, 2, ... */
    private static List<Event> appendKeyed(EventStore<Event> store, Random random, int count, long firstTimestamp,
                                           Map<Integer, Integer> counters) {
        List<Event> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int key = random.nextInt(30);
            int value = counters.merge(key, 1, Integer::sum) - 1;
            Event event = new Event(key, value, firstTimestamp + i);
            assertThat(store.tryAppend(event)).isTrue();
            appended.add(event);
        }
        return appended;
    }

    private static void assertKeyedLayout(EventStore<Event> store) {
        for (int t = 0; t < store.partitions(); t++) {
            for (Event e : store.copyPartition(t)) {
                assertThat(store.partitionFor(e.key())).as("partition of key %s", e.key()).isEqualTo(t);
            }
        }
        // order per key: the values of a key come back 0, 1, 2, ... in partition order
        Map<Integer, List<Integer>> perKey = new HashMap<>();
        for (Event e : store.snapshot()) {
            perKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add((int) e.value());
        }
        perKey.forEach((key, values) -> assertThat(values).as("values of key %s", key)
                .isEqualTo(IntStream.range(0, values.size()).boxed().toList()));
    }

    private static List<String> partitionDirectories(Path storeDir) throws IOException {
        try (Stream<Path> entries = Files.list(storeDir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keyedEventsFollowTheirKeysWhenShrinkingAndGrowingAndTheOldLayoutNeverComesBack() throws IOException {
        long seed = seed();
        int[][] resizes = {{4, 2}, {2, 3}, {5, 1}, {3, 7}};
        for (int[] resize : resizes) {
            int from = resize[0];
            int to = resize[1];
            Random random = new Random(seed + from * 31L + to);
            Path root = dir.resolve(from + "to" + to);
            Map<Integer, Integer> counters = new HashMap<>();

            EventStore<Event> first = keyed(from, 1000);
            List<Event> written;
            long highestOldSequence = -1;
            try (Snapshotter<Event> s = snapshotter(first, EVENTS, root)) {
                assertThat(s.restore().eventsRestored()).isZero(); // records the layout of an empty directory
                written = appendKeyed(first, random, 200, 1_000, counters);
                s.snapshotNow();
            }
            for (int p = 0; p < from; p++) {
                highestOldSequence = Math.max(highestOldSequence, first.lastSequence(p));
            }

            EventStore<Event> resized = keyed(to, 1000);
            List<Event> added;
            try (Snapshotter<Event> s = snapshotter(resized, EVENTS, root)) {
                RestoreResult result = s.restore();
                assertThat(result.resizedFrom()).as("%s -> %s", from, to).isEqualTo(OptionalInt.of(from));
                assertThat(result.eventsRestored()).isEqualTo(200);
                assertThat(result.eventsDropped()).isZero();
                assertThat(resized.snapshot()).containsExactlyInAnyOrderElementsOf(written);
                assertKeyedLayout(resized);
                for (int t = 0; t < to; t++) {
                    assertThat(resized.lastSequence(t)).isGreaterThan(highestOldSequence);
                }
                assertThat(s.snapshotNow()).as("the resize wrote the new layout already").isZero();
                added = appendKeyed(resized, random, 50, 10_000, counters);
                s.snapshotNow();
            }
            if (from > to) {
                assertThat(partitionDirectories(root.resolve(STORE)))
                        .filteredOn(name -> name.matches("p\\d+")).hasSize(to);
                assertThat(partitionDirectories(root.resolve(STORE)))
                        .filteredOn(name -> name.contains(".resized-")).hasSize(from - to);
            }
            List<Event> everything = new ArrayList<>(written);
            everything.addAll(added);

            // a plain restart: the new layout, in place, every event once
            EventStore<Event> restarted = keyed(to, 1000);
            RestoreResult again = snapshotter(restarted, EVENTS, root).restore();
            assertThat(again.resizedFrom()).isEmpty();
            assertThat(restarted.snapshot()).containsExactlyInAnyOrderElementsOf(everything);
            assertKeyedLayout(restarted);

            // and back to the first count: still every event exactly once (no old file of the first layout)
            EventStore<Event> back = keyed(from, 1000);
            assertThat(snapshotter(back, EVENTS, root).restore().resizedFrom()).isEqualTo(OptionalInt.of(to));
            assertThat(back.snapshot()).containsExactlyInAnyOrderElementsOf(everything);
            assertKeyedLayout(back);
        }
    }

    @Test
    void unkeyedSourcesGoToTheirPartitionModuloTheCountMergedByTimestampInSourceOrder() throws IOException {
        EventStore<Long> four = timed(4, 10);
        try (Snapshotter<Long> s = snapshotter(four, LONGS, dir)) {
            s.restore();
            four.tryAppendAll(List.of(5L, 1L, 9L), 0); // not in time order: the merge keeps the source's order
            four.tryAppendAll(List.of(3L, 4L), 1);
            four.tryAppendAll(List.of(7L), 2);
            four.tryAppendAll(List.of(2L, 6L, 10L), 3);
            s.snapshotNow();
        }
        EventStore<Long> three = timed(3, 10);
        RestoreResult result = snapshotter(three, LONGS, dir).restore();
        assertThat(result.resizedFrom()).isEqualTo(OptionalInt.of(4));
        assertThat(result.partitionsRestored()).isEqualTo(3);
        assertThat(three.copyPartition(0)).containsExactly(2L, 5L, 1L, 6L, 9L, 10L); // sources 0 and 3
        assertThat(three.copyPartition(1)).containsExactly(3L, 4L);
        assertThat(three.copyPartition(2)).containsExactly(7L);
        assertThat(three.windowAggregate(java.time.Instant.EPOCH, java.time.Instant.ofEpochMilli(11)).count())
                .as("restored events feed the window buckets").isEqualTo(9);
    }

    @Test
    void withoutTimestampsSourcesAreAlignedAtTheirNewestEvents() throws IOException {
        EventStore<Long> two = plain(2, 10);
        try (Snapshotter<Long> s = snapshotter(two, LONGS, dir)) {
            s.restore();
            two.tryAppendAll(List.of(1L, 2L, 3L, 4L), 0);
            two.tryAppendAll(List.of(11L, 12L), 1);
            s.snapshotNow();
        }
        EventStore<Long> one = plain(1, 10);
        snapshotter(one, LONGS, dir).restore();
        assertThat(one.copyPartition(0)).containsExactly(1L, 2L, 3L, 11L, 4L, 12L);
    }

    @Test
    void whatDoesNotFitIsCountedAndTheNewestAreKept() throws IOException {
        EventStore<Long> four = timed(4, 10);
        try (Snapshotter<Long> s = snapshotter(four, LONGS, dir)) {
            s.restore();
            for (long ts = 0; ts < 40; ts++) {
                four.tryAppend(ts, (int) (ts % 4));
            }
            s.snapshotNow();
        }
        EventStore<Long> one = timed(1, 15);
        RestoreResult result = snapshotter(one, LONGS, dir).restore();
        assertThat(result.eventsRestored()).isEqualTo(15);
        assertThat(result.eventsDropped()).isEqualTo(25);
        assertThat(one.copyPartition(0)).isEqualTo(IntStream.range(25, 40).mapToObj(i -> (long) i).toList());
        assertThat(one.lastSequence(0)).isGreaterThanOrEqualTo(15);
    }

    @Test
    void aClearIsHonouredBeforeAndAfterTheResize() throws IOException {
        EventStore<Event> four = keyed(4, 100);
        List<Event> afterClear = List.of(new Event(1, 0, 500), new Event(2, 0, 501), new Event(3, 0, 502));
        try (Snapshotter<Event> s = snapshotter(four, EVENTS, dir)) {
            s.restore();
            appendKeyed(four, new Random(1), 40, 0, new HashMap<>());
            s.snapshotNow();
            four.clear(); // fences the snapshots above with an epoch marker per partition
            four.tryAppendAll(afterClear);
            s.snapshotNow();
        }
        EventStore<Event> two = keyed(2, 100);
        try (Snapshotter<Event> s = snapshotter(two, EVENTS, dir)) {
            assertThat(s.restore().eventsRestored()).isEqualTo(3);
            assertThat(two.snapshot()).containsExactlyInAnyOrderElementsOf(afterClear);
            two.clear(); // after the resize: no snapshot follows it
        }
        EventStore<Event> twoAgain = keyed(2, 100);
        assertThat(snapshotter(twoAgain, EVENTS, dir).restore().eventsRestored()).isZero();
        assertThat(twoAgain.count()).isZero();
        EventStore<Event> fourAgain = keyed(4, 100);
        assertThat(snapshotter(fourAgain, EVENTS, dir).restore().eventsRestored()).isZero();
        assertThat(fourAgain.count()).isZero();
    }

    @Test
    void theSamePartitionCountRestoresInPlaceAsBefore() throws IOException {
        EventStore<Event> before = keyed(3, 100);
        appendKeyed(before, new Random(7), 60, 0, new HashMap<>());
        new Snapshotter<>(before, STORE, EVENTS, new FileSystemSnapshotStore(dir), options()).snapshotNow();
        List<String> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).map(dir::relativize).map(Path::toString).sorted().toList();
        }
        EventStore<Event> after = keyed(3, 100);
        RestoreResult result = snapshotter(after, EVENTS, dir).restore();
        assertThat(result.resizedFrom()).isEmpty();
        assertThat(result.eventsDropped()).isZero();
        for (int p = 0; p < 3; p++) {
            assertThat(after.copyPartition(p)).isEqualTo(before.copyPartition(p));
            assertThat(after.lastSequence(p)).isEqualTo(before.lastSequence(p));
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            assertThat(walk.filter(Files::isRegularFile).map(dir::relativize).map(Path::toString).sorted())
                    .as("nothing rewritten; only the layout recorded")
                    .containsExactlyElementsOf(Stream.concat(files.stream(), Stream.of(STORE + "/layout")).sorted()
                            .toList());
        }
        assertThat(new FileSystemSnapshotStore(dir).readLayout(STORE)).contains(SnapshotLayout.of(3, 0));
    }

    @Test
    void aDirectoryWithoutALayoutFileIsResizedFromItsDirectories() throws IOException {
        EventStore<Event> four = keyed(4, 100);
        List<Event> written = appendKeyed(four, new Random(3), 80, 0, new HashMap<>());
        new Snapshotter<>(four, STORE, EVENTS, new FileSystemSnapshotStore(dir), options()).snapshotNow(); // no restore
        EventStore<Event> two = keyed(2, 100);
        assertThat(snapshotter(two, EVENTS, dir).restore().resizedFrom()).isEqualTo(OptionalInt.of(4));
        assertThat(two.snapshot()).containsExactlyInAnyOrderElementsOf(written);
        assertKeyedLayout(two);
    }

    @Test
    void aDirectoryWithoutALayoutFileAndFewerPartitionsIsRecognisedByItsKeys() throws IOException {
        EventStore<Event> two = keyed(2, 1000);
        List<Event> written = appendKeyed(two, new Random(11), 100, 0, new HashMap<>());
        new Snapshotter<>(two, STORE, EVENTS, new FileSystemSnapshotStore(dir), options()).snapshotNow(); // no restore
        EventStore<Event> five = keyed(5, 1000);
        assertThat(snapshotter(five, EVENTS, dir).restore().resizedFrom()).isEqualTo(OptionalInt.of(2));
        assertThat(five.snapshot()).containsExactlyInAnyOrderElementsOf(written);
        assertKeyedLayout(five);

        // keyed events placed by hand where no count routes them: restored in place, as before layouts existed
        Path other = dir.resolve("by-hand");
        EventStore<Event> placed = keyed(4, 10);
        IntStream.range(0, 4).forEach(p -> placed.tryAppend(new Event(p, p, 1_000L), p));
        new Snapshotter<>(placed, STORE, EVENTS, new FileSystemSnapshotStore(other), options()).snapshotNow();
        EventStore<Event> six = keyed(6, 10);
        assertThat(snapshotter(six, EVENTS, other).restore().resizedFrom()).isEmpty();
        IntStream.range(0, 4).forEach(p -> assertThat(six.copyPartition(p)).containsExactly(new Event(p, p, 1_000L)));
    }

    @Test
    void aResizeIntoAStoreThatAlreadyHasEventsIsRefusedAndChangesNothing() throws IOException {
        EventStore<Event> four = keyed(4, 100);
        try (Snapshotter<Event> s = snapshotter(four, EVENTS, dir)) {
            s.restore();
            appendKeyed(four, new Random(5), 20, 0, new HashMap<>());
            s.snapshotNow();
        }
        EventStore<Event> two = keyed(2, 100);
        two.tryAppend(new Event(1, 1, 1));
        assertThatThrownBy(() -> snapshotter(two, EVENTS, dir).restore()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("appended to partition");
        assertThat(two.count()).isOne();
        assertThat(new FileSystemSnapshotStore(dir).readLayout(STORE)).contains(SnapshotLayout.of(4, 0));
    }

    @Test
    void aDamagedLayoutFileStopsTheRestoreInsteadOfGuessing() throws IOException {
        EventStore<Event> two = keyed(2, 100);
        try (Snapshotter<Event> s = snapshotter(two, EVENTS, dir)) {
            s.restore();
            two.tryAppend(new Event(1, 1, 1));
            s.snapshotNow();
        }
        Path layout = dir.resolve(STORE).resolve("layout");
        byte[] bytes = Files.readAllBytes(layout);
        bytes[7] ^= 1; // the partition count
        Files.write(layout, bytes);
        EventStore<Event> after = keyed(2, 100);
        assertThatThrownBy(() -> snapshotter(after, EVENTS, dir).restore())
                .isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("layout file checksum mismatch");
        assertThat(after.count()).isZero();
    }

    /** Fails one chosen step of a resize, as a crash there would: nothing after it happens. */
    private static final class CrashingStore implements SnapshotStore {
        private final FileSystemSnapshotStore files;
        private final String step;
        private int layoutWrites;
        private int saves;

        CrashingStore(FileSystemSnapshotStore files, String step) {
            this.files = files;
            this.step = step;
        }

        private void crashAt(String here) throws IOException {
            if (here.equals(step)) {
                throw new IOException("crash at " + here);
            }
        }

        @Override
        public <E> SavedSnapshot save(PartitionSnapshot<E> snapshot, EventCodec<E> codec, boolean compress)
                throws IOException {
            crashAt("save" + saves++);
            return files.save(snapshot, codec, compress);
        }

        @Override
        public <E> Optional<PartitionSnapshot<E>> loadLatest(String storeName, int partition, EventCodec<E> codec,
                                                             OptionalInt expected) throws IOException {
            return files.loadLatest(storeName, partition, codec, expected);
        }

        @Override
        public <E> Optional<PartitionSnapshot<E>> loadLatest(String storeName, int partition, EventCodec<E> codec,
                                                             OptionalInt expected, long below) throws IOException {
            return files.loadLatest(storeName, partition, codec, expected, below);
        }

        @Override
        public int prune(String storeName, int partition, int keep) throws IOException {
            return files.prune(storeName, partition, keep);
        }

        @Override
        public void writeEpochMarker(String storeName, int partition, long epoch) throws IOException {
            files.writeEpochMarker(storeName, partition, epoch);
        }

        @Override
        public java.util.OptionalLong readEpochMarker(String storeName, int partition) throws IOException {
            return files.readEpochMarker(storeName, partition);
        }

        @Override
        public List<Integer> partitions(String storeName) throws IOException {
            return files.partitions(storeName);
        }

        @Override
        public Optional<SnapshotLayout> readLayout(String storeName) throws IOException {
            return files.readLayout(storeName);
        }

        @Override
        public void writeLayout(String storeName, SnapshotLayout layout) throws IOException {
            crashAt("layout" + layoutWrites++);
            files.writeLayout(storeName, layout);
        }

        @Override
        public void retirePartition(String storeName, int partition, String suffix) throws IOException {
            crashAt("retire");
            files.retirePartition(storeName, partition, suffix);
        }
    }

    @Test
    void aCrashAtAnyStepOfAResizeLeavesADirectoryThatRestoresEveryEventOnce() throws IOException {
        long seed = seed();
        // layout0 = the pending mark, save0..2 = the new partitions, layout1 = the commit, retire = the rename after it
        for (String step : List.of("layout0", "save0", "save1", "save2", "layout1", "retire")) {
            Path root = dir.resolve(step);
            EventStore<Event> five = keyed(5, 100);
            List<Event> written;
            try (Snapshotter<Event> s = snapshotter(five, EVENTS, root)) {
                s.restore();
                written = appendKeyed(five, new Random(seed), 150, 0, new HashMap<>());
                s.snapshotNow();
            }
            Map<Integer, List<Event>> original = IntStream.range(0, 5).boxed()
                    .collect(Collectors.toMap(p -> p, five::copyPartition));

            EventStore<Event> three = keyed(3, 100);
            Snapshotter<Event> crashing = new Snapshotter<>(three, STORE, EVENTS,
                    new CrashingStore(new FileSystemSnapshotStore(root), step), options());
            if (step.equals("retire")) {
                assertThat(crashing.restore().eventsRestored()).as(step).isEqualTo(150); // only logged
            } else {
                assertThatThrownBy(crashing::restore).as(step).isInstanceOf(IOException.class)
                        .hasMessage("crash at " + step);
                assertThat(three.count()).as(step).isZero();

                // restarted with the old count: exactly the old content, partition by partition
                EventStore<Event> fiveAgain = keyed(5, 100);
                Path copy = dir.resolve(step + "-copy");
                copyTree(root, copy);
                snapshotter(fiveAgain, EVENTS, copy).restore();
                for (int p = 0; p < 5; p++) {
                    assertThat(fiveAgain.copyPartition(p)).as("%s partition %s", step, p)
                            .isEqualTo(original.get(p));
                }
            }
            // restarted with the new count (again): every event once, keyed layout
            EventStore<Event> threeAgain = keyed(3, 100);
            snapshotter(threeAgain, EVENTS, root).restore();
            assertThat(threeAgain.snapshot()).as(step).containsExactlyInAnyOrderElementsOf(written);
            assertKeyedLayout(threeAgain);
            assertThat(new FileSystemSnapshotStore(root).readLayout(STORE).orElseThrow().partitions()).isEqualTo(3);
            assertThat(partitionDirectories(root.resolve(STORE))).filteredOn(name -> name.matches("p\\d+"))
                    .as("%s: directories beyond the new count are renamed", step).hasSize(3);
            // and once more, in place
            EventStore<Event> threeThird = keyed(3, 100);
            assertThat(snapshotter(threeThird, EVENTS, root).restore().resizedFrom()).isEmpty();
            assertThat(threeThird.snapshot()).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
