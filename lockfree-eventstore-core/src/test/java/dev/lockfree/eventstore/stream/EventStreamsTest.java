package dev.lockfree.eventstore.stream;

import dev.lockfree.eventstore.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.OverflowPolicy;
import dev.lockfree.eventstore.protocol.ExpectedVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventStreamsTest {

    private final MutableClock clock = MutableClock.atEpochMilli(1_700_000_000_000L);

    private EventStreams<String> streams(int capacityPerPartition) {
        return EventStreams.<String>builder().partitions(2).capacityPerPartition(capacityPerPartition).clock(clock)
                .build();
    }

    private static List<Long> versions(StreamSlice<?> slice) {
        return slice.events().stream().map(StreamRecord::version).toList();
    }

    private static List<String> events(StreamSlice<String> slice) {
        return slice.events().stream().map(StreamRecord::event).toList();
    }

    // ------------------------------------------------------------------------------------------------
    // append and read
    // ------------------------------------------------------------------------------------------------

    @Test
    void appendAssignsConsecutiveVersionsPerStream() {
        EventStreams<String> s = streams(100);
        assertThat(s.append("orders", "a")).isZero();
        assertThat(s.append("orders", "b")).isEqualTo(1);
        assertThat(s.append("gateway/orders", "x")).isZero();
        assertThat(s.append("orders", "c")).isEqualTo(2);
        assertThat(s.currentVersion("orders")).isEqualTo(2);
        assertThat(s.currentVersion("gateway/orders")).isZero();
        assertThat(s.currentVersion("unknown")).isEqualTo(-1);
        assertThat(s.exists("orders")).isTrue();
        assertThat(s.exists("unknown")).isFalse();
        assertThat(s.streamCount()).isEqualTo(2);
    }

    @Test
    void everyStreamEventIsInTheBackingStoreInTheStreamsPartition() {
        EventStreams<String> s = streams(100);
        s.append("orders", "a");
        s.append("orders", "b");
        s.append("users", "u");
        EventStore<StreamRecord<String>> store = s.store();
        assertThat(store.count()).isEqualTo(3);
        assertThat(store.statistics().totalAppended()).isEqualTo(3);
        assertThat(store.copyPartition(store.partitionFor("orders")))
                .filteredOn(r -> r.stream().equals("orders"))
                .extracting(StreamRecord::event).containsExactly("a", "b");
        assertThat(store.snapshot(r -> r.stream().equals("users"))).singleElement()
                .satisfies(r -> assertThat(r.version()).isZero());
    }

    @Test
    void readReturnsASliceInVersionOrderWithTimestampsAndPaging() {
        EventStreams<String> s = streams(100);
        for (int i = 0; i < 5; i++) {
            s.append("orders", "e" + i);
            clock.advance(Duration.ofMillis(10));
        }
        StreamSlice<String> first = s.read("orders", 0, 2);
        assertThat(versions(first)).containsExactly(0L, 1L);
        assertThat(events(first)).containsExactly("e0", "e1");
        assertThat(first.events().get(1).timestamp()).isEqualTo(1_700_000_000_010L);
        assertThat(first.events().get(1).instant()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_010L));
        assertThat(first.events().get(0).stream()).isEqualTo("orders");
        assertThat(first.events().get(0).idempotencyKey()).isNull();
        assertThat(first.nextVersion()).isEqualTo(2);
        assertThat(first.lastVersion()).isEqualTo(4);
        assertThat(first.oldestVersion()).isZero();
        assertThat(first.isEndOfStream()).isFalse();
        assertThat(first.fromVersion()).isZero();
        assertThat(first.stream()).isEqualTo("orders");

        StreamSlice<String> rest = s.read("orders", first.nextVersion(), 100);
        assertThat(versions(rest)).containsExactly(2L, 3L, 4L);
        assertThat(rest.nextVersion()).isEqualTo(5);
        assertThat(rest.isEndOfStream()).isTrue();
        assertThat(rest.missedVersions()).isZero();

        StreamSlice<String> beyond = s.read("orders", 9, 10);
        assertThat(beyond.events()).isEmpty();
        assertThat(beyond.nextVersion()).isEqualTo(9);
        assertThat(beyond.isEndOfStream()).isTrue();
        assertThat(beyond.missedVersions()).isZero();
    }

    @Test
    void readingAnUnknownStreamGivesAnEmptySlice() {
        StreamSlice<String> slice = streams(10).read("nothing-here", 3, 10);
        assertThat(slice.events()).isEmpty();
        assertThat(slice.lastVersion()).isEqualTo(-1);
        assertThat(slice.oldestVersion()).isEqualTo(-1);
        assertThat(slice.nextVersion()).isEqualTo(3);
        assertThat(slice.isEndOfStream()).isTrue();
    }

    @Test
    void readArgumentsAreValidated() {
        EventStreams<String> s = streams(10);
        assertThatThrownBy(() -> s.read("orders", -1, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fromVersion must be >= 0 but was -1");
        assertThatThrownBy(() -> s.read("orders", 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCount must be between 1 and 100000 but was 0");
        assertThatThrownBy(() -> s.read("orders", 0, EventStreams.MAX_READ_COUNT + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCount must be between 1 and 100000 but was 100001");
        assertThat(s.read("orders", 0, EventStreams.MAX_READ_COUNT).events()).isEmpty();
        assertThatThrownBy(() -> s.read("../etc", 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"../etc\"");
    }

    @Test
    void timestampsComeFromTheStoreClockAndNeverGoBackWithinAStream() {
        EventStreams<String> s = streams(10);
        s.append("t", "a");
        clock.set(1_600_000_000_000L); // the clock steps back
        s.append("t", "b");
        clock.set(1_800_000_000_000L);
        s.append("t", "c");
        assertThat(s.read("t", 0, 10).events()).extracting(StreamRecord::timestamp)
                .containsExactly(1_700_000_000_000L, 1_700_000_000_000L, 1_800_000_000_000L);
    }

    @Test
    void timestampsNeverGoBackEvenWhenThePreviousVersionWasEvicted() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(1).clock(clock)
                .build();
        s.append("t", "a");
        s.append("u", "evicts a");
        assertThat(s.read("t", 0, 10).events()).isEmpty();
        clock.set(1_600_000_000_000L);
        s.append("t", "b");
        assertThat(s.read("t", 0, 10).events()).extracting(StreamRecord::timestamp).containsExactly(1_700_000_000_000L);
    }

    @Test
    void invalidArgumentsToAppendStoreNothing() {
        EventStreams<String> s = streams(10);
        assertThatThrownBy(() -> s.append("a..b", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid stream name \"a..b\": it must not contain \"..\"");
        assertThatThrownBy(() -> s.append("ok", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("event must not be null");
        assertThatThrownBy(() -> s.append("ok", "x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("expected version must not be null");
        assertThatThrownBy(() -> s.append("ok", "x", ExpectedVersion.ANY, "bad\u0001key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid idempotency key \"bad\\u0001key\": character \\u0001 at index 3 is not printable ASCII");
        // HTTP strips a header's edge spaces: a key the core accepted could not be sent as the same key
        assertThatThrownBy(() -> s.append("ok", "x", ExpectedVersion.ANY, " key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not start or end with a space");
        assertThatThrownBy(() -> s.append("ok", "x", ExpectedVersion.ANY, "key "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not start or end with a space");
        assertThat(s.store().count()).isZero();
        assertThat(s.streamCount()).isZero();
    }

    // ------------------------------------------------------------------------------------------------
    // conditional appends
    // ------------------------------------------------------------------------------------------------

    @Test
    void noStreamSucceedsOnlyForTheFirstAppend() {
        EventStreams<String> s = streams(10);
        assertThat(s.append("o", "a", ExpectedVersion.NO_STREAM)).isZero();
        assertThatThrownBy(() -> s.append("o", "b", ExpectedVersion.NO_STREAM))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> {
                    assertThat(e.stream()).isEqualTo("o");
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.NO_STREAM);
                    assertThat(e.currentVersion()).isZero();
                })
                .hasMessage("Wrong expected version for stream \"o\": expected no stream, but the stream is at version 0");
        assertThat(s.store().count()).isEqualTo(1);
    }

    @Test
    void exactVersionSucceedsOnlyAtThatVersion() {
        EventStreams<String> s = streams(10);
        s.append("o", "a");
        assertThat(s.append("o", "b", ExpectedVersion.exactly(0))).isEqualTo(1);
        assertThatThrownBy(() -> s.append("o", "c", ExpectedVersion.exactly(0)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.currentVersion()).isEqualTo(1))
                .hasMessage("Wrong expected version for stream \"o\": expected version 0, but the stream is at version 1");
        assertThatThrownBy(() -> s.append("o", "c", ExpectedVersion.exactly(5)))
                .isInstanceOf(WrongExpectedVersionException.class)
                .hasMessage("Wrong expected version for stream \"o\": expected version 5, but the stream is at version 1");
        assertThat(s.append("o", "c", ExpectedVersion.exactly(1))).isEqualTo(2);
        assertThat(events(s.read("o", 0, 10))).containsExactly("a", "b", "c");
    }

    @Test
    void exactOrExistingOnAMissingStreamFailsWithMinusOneAndCreatesNothing() {
        EventStreams<String> s = streams(10);
        assertThatThrownBy(() -> s.append("ghost", "x", ExpectedVersion.exactly(0)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class,
                        e -> assertThat(e.currentVersion()).isEqualTo(-1))
                .hasMessage("Wrong expected version for stream \"ghost\": expected version 0, but the stream does not "
                        + "exist (current version -1)");
        assertThatThrownBy(() -> s.append("ghost", "x", ExpectedVersion.STREAM_EXISTS))
                .isInstanceOf(WrongExpectedVersionException.class)
                .hasMessage("Wrong expected version for stream \"ghost\": expected an existing stream, but the stream "
                        + "does not exist (current version -1)");
        assertThat(s.streamCount()).isZero();
        assertThat(s.streamNames(null, null, 10)).isEmpty();
        s.append("ghost", "now");
        assertThat(s.append("ghost", "again", ExpectedVersion.STREAM_EXISTS)).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------------------
    // idempotent appends
    // ------------------------------------------------------------------------------------------------

    @Test
    void aKnownKeyReturnsTheOriginalVersionAndStoresNothing() {
        EventStreams<String> s = streams(10);
        s.append("o", "first");
        assertThat(s.append("o", "a", ExpectedVersion.ANY, "req-1")).isEqualTo(new AppendResult(1, false));
        s.append("o", "other");
        assertThat(s.append("o", "a again", ExpectedVersion.ANY, "req-1")).isEqualTo(new AppendResult(1, true));
        // the retry is recognised by its key, whatever its expected version now
        assertThat(s.append("o", "a again", ExpectedVersion.exactly(0), "req-1")).isEqualTo(new AppendResult(1, true));
        assertThat(s.currentVersion("o")).isEqualTo(2);
        assertThat(s.store().count()).isEqualTo(3);
        assertThat(s.read("o", 1, 1).events().get(0).idempotencyKey()).isEqualTo("req-1");
        assertThat(s.rememberedKeys("o")).isEqualTo(1);
    }

    @Test
    void keysArePerStream() {
        EventStreams<String> s = streams(10);
        assertThat(s.append("a", "x", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(0, false));
        assertThat(s.append("b", "x", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(0, false));
        assertThat(s.append("b", "y", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(0, true));
        assertThat(s.rememberedKeys("a")).isEqualTo(1);
        assertThat(s.rememberedKeys("nope")).isZero();
    }

    @Test
    void aFailedConditionalAppendDoesNotReserveItsKey() {
        EventStreams<String> s = streams(10);
        s.append("o", "a");
        assertThatThrownBy(() -> s.append("o", "b", ExpectedVersion.exactly(7), "k"))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(s.rememberedKeys("o")).isZero();
        assertThat(s.append("o", "b", ExpectedVersion.exactly(0), "k")).isEqualTo(new AppendResult(1, false));
        assertThat(s.append("o", "b", ExpectedVersion.exactly(0), "k")).isEqualTo(new AppendResult(1, true));
    }

    @Test
    void theDedupeHorizonKeepsTheLastNKeysPerStream() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(100).clock(clock)
                .dedupe(3, Duration.ofHours(1)).build();
        for (int i = 0; i < 5; i++) {
            s.append("o", "e" + i, ExpectedVersion.ANY, "k" + i);
        }
        assertThat(s.rememberedKeys("o")).isEqualTo(3);
        // k2..k4 are within the horizon; k0 and k1 fell out of it: a retry is appended again
        assertThat(s.append("o", "retry", ExpectedVersion.ANY, "k2")).isEqualTo(new AppendResult(2, true));
        assertThat(s.append("o", "retry", ExpectedVersion.ANY, "k4")).isEqualTo(new AppendResult(4, true));
        assertThat(s.append("o", "retry", ExpectedVersion.ANY, "k0")).isEqualTo(new AppendResult(5, false));
        assertThat(s.rememberedKeys("o")).isEqualTo(3);
        assertThat(s.append("o", "retry", ExpectedVersion.ANY, "k2")).isEqualTo(new AppendResult(6, false));
    }

    @Test
    void theDedupeHorizonForgetsKeysOlderThanTheMaxAge() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(100).clock(clock)
                .dedupe(100, Duration.ofMinutes(5)).build();
        s.append("o", "a", ExpectedVersion.ANY, "k");
        clock.advance(Duration.ofMinutes(5));
        assertThat(s.append("o", "a", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(0, true));
        clock.advance(Duration.ofMillis(1));
        assertThat(s.append("o", "a", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(1, false));
        assertThat(s.append("o", "a", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(1, true));
    }

    @Test
    void zeroKeysPerStreamSwitchesDeduplicationOff() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(100)
                .dedupe(0, Duration.ofHours(1)).build();
        assertThat(s.append("o", "a", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(0, false));
        assertThat(s.append("o", "a", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(1, false));
        assertThat(s.read("o", 0, 10).events()).extracting(StreamRecord::idempotencyKey).containsExactly("k", "k");
        assertThat(s.rememberedKeys("o")).isZero();
    }

    // ------------------------------------------------------------------------------------------------
    // limits and listing
    // ------------------------------------------------------------------------------------------------

    @Test
    void theStreamLimitRefusesNewStreamsButNotAppendsToExistingOnes() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(100).maxStreams(2)
                .build();
        s.append("a", "x");
        s.append("b", "x");
        assertThatThrownBy(() -> s.append("c", "x"))
                .isInstanceOfSatisfying(StreamLimitExceededException.class, e -> {
                    assertThat(e.stream()).isEqualTo("c");
                    assertThat(e.maxStreams()).isEqualTo(2);
                })
                .hasMessage("Cannot create stream \"c\": the limit of 2 streams is reached (EventStreamsOptions.maxStreams)");
        assertThat(s.append("a", "y")).isEqualTo(1);
        assertThat(s.streamCount()).isEqualTo(2);
        assertThat(s.store().count()).isEqualTo(3);
    }

    @Test
    void streamNamesAreListedSortedFilteredAndPaged() {
        EventStreams<String> s = streams(100);
        for (String name : List.of("orders", "gateway/b", "gateway/a", "users", "gateway/c")) {
            s.append(name, "x");
        }
        assertThat(s.streamNames(null, null, 10)).containsExactly("gateway/a", "gateway/b", "gateway/c", "orders", "users");
        assertThat(s.streamNames("gateway/", null, 2)).containsExactly("gateway/a", "gateway/b");
        assertThat(s.streamNames("gateway/", "gateway/b", 2)).containsExactly("gateway/c");
        assertThat(s.streamNames(null, "orders", 10)).containsExactly("users");
        assertThat(s.streamNames(null, null, EventStreams.MAX_LIST_LIMIT)).hasSize(5);
        assertThatThrownBy(() -> s.streamNames(null, null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 10000 but was 0");
        assertThatThrownBy(() -> s.streamNames(null, null, EventStreams.MAX_LIST_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be between 1 and 10000 but was 10001");
    }

    @Test
    void optionsAreValidatedWithTheirNameAndValue() {
        assertThatThrownBy(() -> EventStreamsOptions.defaults().withMaxStreams(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxStreams must be between 1 and 10000000 but was 0");
        assertThatThrownBy(() -> EventStreamsOptions.defaults().withMaxStreams(10_000_001))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EventStreamsOptions.defaults().withMaxStreams(10_000_000).maxStreams()).isEqualTo(10_000_000);
        assertThatThrownBy(() -> EventStreamsOptions.defaults().withDedupe(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dedupeKeysPerStream must be between 0 and 1000000 but was -1");
        assertThatThrownBy(() -> EventStreamsOptions.defaults().withDedupe(1_000_001, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventStreamsOptions.defaults().withDedupe(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("dedupeMaxAge must be positive but was PT0S");
        assertThat(EventStreamsOptions.defaults())
                .isEqualTo(new EventStreamsOptions(10_000, 100, Duration.ofHours(24)));
    }

    @Test
    void aStoreThatRejectsWhenFullIsRefused() {
        assertThatThrownBy(() -> EventStreams.<String>builder().store(b -> b.withOverflowPolicy(OverflowPolicy.REJECT))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("EventStreams needs a store with overflowPolicy EVICT_OLDEST, but it has REJECT");
    }

    @Test
    void theBuilderKeepsTheUsersStoreSettingsAndCallbacks() {
        List<String> discarded = new ArrayList<>();
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(2)
                .store(b -> b.onDiscarded(r -> discarded.add(r.event()))
                        .withValueSelector(r -> r.event().length())
                        .withKeySelector(r -> "ignored"))
                .clock(clock).build();
        s.append("o", "a");
        s.append("o", "bb");
        s.append("o", "ccc");
        assertThat(discarded).containsExactly("a");
        assertThat(s.store().windowAggregate(Instant.ofEpochMilli(1_700_000_000_000L),
                Instant.ofEpochMilli(1_700_000_000_001L)).sum()).isEqualTo(6.0);
        assertThat(s.store().options().keySelector().apply(new StreamRecord<>("o", 0, 0, null, "x"))).isEqualTo("o");
        assertThat(s.options()).isEqualTo(EventStreamsOptions.defaults());
        assertThat(s.toString()).contains("streams=1");
    }

    // ------------------------------------------------------------------------------------------------
    // retention
    // ------------------------------------------------------------------------------------------------

    @Test
    void evictionByTheStoreMovesTheOldestRetainedVersion() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(3).build();
        IntStream.range(0, 5).forEach(i -> s.append("o", "e" + i));
        StreamSlice<String> slice = s.read("o", 0, 10);
        assertThat(versions(slice)).containsExactly(2L, 3L, 4L);
        assertThat(slice.oldestVersion()).isEqualTo(2);
        assertThat(slice.missedVersions()).isEqualTo(2);
        assertThat(slice.lastVersion()).isEqualTo(4);
        assertThat(s.currentVersion("o")).isEqualTo(4);
    }

    @Test
    void streamsSharingAPartitionShareItsCapacity() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(4).build();
        s.append("a", "a0");
        s.append("a", "a1");
        s.append("b", "b0");
        s.append("b", "b1");
        s.append("b", "b2"); // evicts a0
        s.append("b", "b3"); // evicts a1
        assertThat(s.read("a", 0, 10).events()).isEmpty();
        assertThat(s.read("a", 0, 10).oldestVersion()).isEqualTo(-1);
        assertThat(s.read("a", 0, 10).missedVersions()).isEqualTo(2);
        assertThat(s.currentVersion("a")).isEqualTo(1); // versions are not reused
        assertThat(s.append("a", "a2")).isEqualTo(2);
        assertThat(versions(s.read("a", 0, 10))).containsExactly(2L);
        assertThat(versions(s.read("b", 0, 10))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void longStreamsSpanManySegmentsAndStayBoundedByTheStore() {
        EventStreams<Integer> s = EventStreams.<Integer>builder().partitions(1).capacityPerPartition(3000).build();
        for (int i = 0; i < 10_000; i++) {
            assertThat(s.append("long", i)).isEqualTo(i);
        }
        StreamSlice<Integer> slice = s.read("long", 0, EventStreams.MAX_READ_COUNT);
        assertThat(slice.events()).hasSize(3000);
        assertThat(slice.oldestVersion()).isEqualTo(7000);
        for (int i = 0; i < 3000; i++) {
            assertThat(slice.events().get(i).event()).isEqualTo(7000 + i);
        }
        assertThat(versions(s.read("long", 8191, 3))).containsExactly(8191L, 8192L, 8193L);
    }

    @Test
    void overAnExistingStoreBoundsEachStreamByThePartitionCapacity() {
        EventStore<StreamRecord<String>> store = EventStore.<StreamRecord<String>>builder().withPartitions(1)
                .withCapacityPerPartition(3).create();
        EventStreams<String> s = EventStreams.over(store);
        IntStream.range(0, 5).forEach(i -> s.append("o", "e" + i));
        assertThat(versions(s.read("o", 0, 10))).containsExactly(2L, 3L, 4L);
        assertThat(store.count()).isEqualTo(3);
        assertThatThrownBy(() -> EventStreams.over(EventStore.<StreamRecord<String>>builder()
                .withOverflowPolicy(OverflowPolicy.REJECT).create())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overAStoreFedByAnEvictionFeedTracksEvictionsExactly() {
        EvictionFeed<String> feed = new EvictionFeed<>();
        List<String> mine = new ArrayList<>();
        EventStore<StreamRecord<String>> store = EventStore.<StreamRecord<String>>builder().withPartitions(1)
                .withCapacityPerPartition(4).withKeySelector(StreamRecord::stream)
                .onDiscarded(feed.andThen(r -> mine.add(r.event()))).create();
        EventStreams<String> s = EventStreams.over(store, EventStreamsOptions.defaults(), feed);
        s.append("a", "a0");
        s.append("a", "a1");
        IntStream.range(0, 4).forEach(i -> s.append("b", "b" + i)); // evicts a0 and a1, b stays whole

        assertThat(s.read("a", 0, 10).events()).isEmpty();
        assertThat(s.read("a", 0, 10).missedVersions()).isEqualTo(2);
        assertThat(versions(s.read("b", 0, 10))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(mine).containsExactly("a0", "a1");
        assertThatThrownBy(() -> EventStreams.over(store, EventStreamsOptions.defaults(), feed))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already feeds");
    }

    @Test
    void clearForgetsTheStreamsItEmptiesWithTheirVersionsAndKeys() {
        EventStreams<String> s = streams(100);
        s.append("o", "a", ExpectedVersion.ANY, "k");
        s.append("o", "b");
        s.append("p", "c");
        assertThat(s.streamCount()).isEqualTo(2);
        s.store().clear();
        assertThat(s.streamCount()).isZero();
        assertThat(s.forgottenStreams()).isEqualTo(2);
        assertThat(s.exists("o")).isFalse();
        assertThat(s.currentVersion("o")).isEqualTo(-1);
        assertThat(s.read("o", 0, 10)).isEqualTo(new StreamSlice<>("o", 0, List.of(), -1, -1, 0));
        assertThat(s.rememberedKeys("o")).isZero();
        assertThatThrownBy(() -> s.append("o", "c", ExpectedVersion.exactly(1)))
                .isInstanceOfSatisfying(WrongExpectedVersionException.class, e -> assertThat(e.currentVersion()).isEqualTo(-1));
        assertThat(s.append("o", "a", ExpectedVersion.ANY, "k")).isEqualTo(new AppendResult(0, false)); // key forgotten
        assertThat(s.append("o", "c", ExpectedVersion.exactly(0))).isEqualTo(1);
        assertThat(versions(s.read("o", 0, 10))).containsExactly(0L, 1L);
        assertThat(s.streamCount()).isEqualTo(1);
    }

    @Test
    void purgeForgetsOnlyTheStreamsItEmpties() {
        EventStreams<String> s = streams(100);
        s.append("old", "a");
        s.append("both", "b");
        clock.advance(Duration.ofSeconds(10));
        s.append("both", "c");
        s.store().purge(clock.instant().minusSeconds(5));
        assertThat(s.exists("old")).isFalse();
        assertThat(s.currentVersion("both")).isEqualTo(1);
        assertThat(s.streamCount()).isEqualTo(1);
        assertThat(s.append("old", "again")).isZero();
    }

    @Test
    void clearFreesTheSlotsOfTheLimit() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(2).capacityPerPartition(100).maxStreams(3)
                .clock(clock).build();
        s.append("a", "x");
        s.append("b", "x");
        s.append("c", "x");
        assertThatThrownBy(() -> s.append("d", "x")).isInstanceOf(StreamLimitExceededException.class);
        s.store().clear();
        assertThat(s.append("d", "x")).isZero();
        assertThat(s.append("e", "x")).isZero();
        assertThat(s.append("f", "x")).isZero();
        assertThat(s.streamCount()).isEqualTo(3);
        assertThatThrownBy(() -> s.append("g", "x")).isInstanceOf(StreamLimitExceededException.class);
    }

    @Test
    void atTheLimitAStreamWhoseEventsWereAllEvictedIsReclaimed() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(2).maxStreams(2)
                .clock(clock).build();
        s.append("a", "a0", ExpectedVersion.ANY, "ka");
        s.append("b", "b0");
        s.append("b", "b1"); // evicts a0: "a" holds no event, and the store none of its records
        assertThat(s.currentVersion("a")).isZero();
        assertThat(s.append("c", "c0")).isZero(); // reclaims "a"
        assertThat(s.streamCount()).isEqualTo(2);
        assertThat(s.forgottenStreams()).isEqualTo(1);
        assertThat(s.exists("a")).isFalse();
        assertThat(s.currentVersion("b")).isEqualTo(1); // "b" still holds b1 (b0 was evicted by c0)
        // "a" restarts at 0, its key forgotten; "b" and "c" both hold events: nothing to reclaim
        assertThatThrownBy(() -> s.append("a", "again", ExpectedVersion.ANY, "ka"))
                .isInstanceOf(StreamLimitExceededException.class);
    }

    /**
     * Two appends to "a" reach the store in the opposite order of their versions: version 1 is held (claimed,
     * not yet stored) in the store's value selector while version 2 is stored and evicted. "a" then holds no
     * event, yet its version 1 is still on its way to the store, and then in it: it is not reclaimed until no
     * append is pending and the partition has lapped its record.
     */
    @Test
    void aStreamWhoseRecordIsStillOnItsWayOrInTheStoreIsNotReclaimed() throws Exception {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(2).maxStreams(2)
                .clock(clock).store(b -> b.withValueSelector(r -> {
                    if (r.event().equals("a1")) {
                        held.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return 0;
                })).build();
        s.append("a", "a0"); // position 0
        java.util.concurrent.CompletableFuture<Long> a1 =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> s.append("a", "a1"));
        held.await(); // version 1 claimed, its record not yet in the store
        assertThat(s.append("a", "a2")).isEqualTo(2); // position 1
        s.append("b", "b0"); // position 2, evicts a0
        s.append("b", "b1"); // position 3, evicts a2: "a" forgets versions up to 2 and holds no event
        assertThat(s.read("a", 0, 10).events()).isEmpty();
        assertThatThrownBy(() -> s.append("c", "c0")).as("an append to a is pending")
                .isInstanceOf(StreamLimitExceededException.class);

        release.countDown();
        assertThat(a1.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1); // position 4, evicts b0
        assertThat(s.store().snapshot(r -> r.stream().equals("a"))).extracting(StreamRecord::version)
                .containsExactly(1L);
        assertThatThrownBy(() -> s.append("c", "c0")).as("a's version 1 is still in the store")
                .isInstanceOf(StreamLimitExceededException.class);
        assertThat(s.currentVersion("a")).isEqualTo(2);

        s.append("b", "b2"); // position 5, evicts b1
        s.append("b", "b3"); // position 6, evicts a1: the store holds nothing of "a" any more
        assertThat(s.append("c", "c0")).isZero();
        assertThat(s.exists("a")).isFalse();
        assertThat(s.store().snapshot(r -> r.stream().equals("a"))).isEmpty();
    }

    @Test
    void aStreamThatHoldsEventsAgainIsNotReclaimed() {
        EventStreams<String> s = EventStreams.<String>builder().partitions(1).capacityPerPartition(2).maxStreams(2)
                .clock(clock).build();
        s.append("a", "a0");
        s.append("b", "b0");
        s.append("b", "b1"); // "a" emptied: queued
        s.append("a", "a1"); // holds an event again (evicts b0)
        assertThatThrownBy(() -> s.append("c", "c0")).isInstanceOf(StreamLimitExceededException.class);
        assertThat(versions(s.read("a", 0, 10))).containsExactly(1L);
        s.append("b", "b2"); // evicts b1
        s.append("b", "b3"); // evicts a1: "a" emptied again, queued again
        assertThat(s.append("c", "c0")).isZero();
        assertThat(s.exists("a")).isFalse();
    }

    @Test
    void purgeForgetsTheOldVersionsOfEachStream() {
        EventStreams<String> s = streams(100);
        s.append("o", "old0");
        s.append("o", "old1");
        s.append("p", "old");
        clock.advance(Duration.ofSeconds(10));
        s.append("o", "new2");
        s.append("p", "new1");
        long removed = s.store().purge(clock.instant().minusSeconds(5));
        assertThat(removed).isEqualTo(3);
        assertThat(versions(s.read("o", 0, 10))).containsExactly(2L);
        assertThat(s.read("o", 0, 10).oldestVersion()).isEqualTo(2);
        assertThat(versions(s.read("p", 0, 10))).containsExactly(1L);
        assertThat(s.append("o", "next")).isEqualTo(3);
    }

    @Test
    void closeStopsFollowingMaintenance() {
        EventStreams<String> s = streams(100);
        s.append("o", "a");
        s.close();
        s.store().clear();
        assertThat(s.read("o", 0, 10).events()).hasSize(1); // no longer told
        assertThat(s.append("o", "b")).isEqualTo(1);
    }
}
