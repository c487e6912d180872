package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link PartitionView}: in-place reads and chunked processing, validated while producers overwrite. */
class PartitionViewTest {

    private static EventStore<Long> store(int capacity) {
        return EventStore.<Long>builder().withPartitions(2).withCapacityPerPartition(capacity).create();
    }

    @Test
    void readsInPlaceBySequenceAndSeesNoEvictedEvent() {
        EventStore<Long> store = store(4);
        for (long i = 0; i < 6; i++) {
            store.tryAppend(i, 1);
        }
        PartitionView<Long> view = store.view(1);
        assertThat(store.views()).hasSize(2).element(1).isSameAs(view);
        assertThat(view.firstSequence()).isEqualTo(2);
        assertThat(view.nextSequence()).isEqualTo(6);
        assertThat(view.size()).isEqualTo(4);
        assertThat(view.get(1)).isNull(); // evicted
        assertThat(view.get(2)).isEqualTo(2L);
        assertThat(view.get(5)).isEqualTo(5L);
        assertThat(view.get(6)).isNull(); // not appended yet
        assertThat(view.get(-1)).isNull();
        List<Long> seen = new ArrayList<>();
        assertThat(view.forEach(seen::add)).isTrue();
        assertThat(seen).containsExactly(2L, 3L, 4L, 5L);
        assertThatThrownBy(() -> store.view(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void chunksReuseTheCallersBufferAndSkipClearedEvents() {
        EventStore<Long> store = store(10);
        for (long i = 0; i < 7; i++) {
            store.tryAppend(i, 0);
        }
        List<List<Long>> chunks = new ArrayList<>();
        Long[] buffer = new Long[3];
        long delivered = store.view(0).forEachChunk(buffer, (chunk, count) -> {
            assertThat(chunk).isSameAs(buffer);
            chunks.add(List.of(java.util.Arrays.copyOf(chunk, count)));
            return true;
        });
        assertThat(delivered).isEqualTo(7);
        assertThat(chunks).containsExactly(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L), List.of(6L));
        assertThat(buffer).containsOnlyNulls();

        store.clearPartition(0);
        store.tryAppend(100L, 0);
        List<Long> after = new ArrayList<>();
        store.view(0).forEachChunk(buffer, (chunk, count) -> after.addAll(List.of(java.util.Arrays.copyOf(chunk, count))));
        assertThat(after).containsExactly(100L);
        long stopped = store.view(0).forEachChunk(new Long[1], (chunk, count) -> false);
        assertThat(stopped).isEqualTo(1);
        assertThatThrownBy(() -> store.view(0).forEachChunk(new Long[0], (c, n) -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buffer");
    }

    /**
     * A producer laps the ring over and over while a reader processes chunks and reads by sequence: every event
     * handed out is the one appended at that place (events are their own sequence), in increasing order.
     */
    @Test
    void staysCorrectWhileAProducerOverwrites() throws Exception {
        EventStore<Long> store = store(64);
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.CountDownLatch lapped = new java.util.concurrent.CountDownLatch(1);
        Thread producer = new Thread(() -> {
            for (long i = 0; !stop.get(); i++) {
                store.tryAppend(i, 0);
                if (i == 1_000) {
                    lapped.countDown();
                }
            }
        });
        producer.start();
        lapped.await(); // the ring has wrapped many times: every read below races overwrites
        AtomicReference<String> failure = new AtomicReference<>();
        Long[] buffer = new Long[16];
        long handedOut = 0;
        try {
            for (int round = 0; round < 2_000; round++) {
                long[] last = {-1};
                handedOut += store.view(0).forEachChunk(buffer, (chunk, count) -> {
                    for (int k = 0; k < count; k++) {
                        if (chunk[k] <= last[0]) {
                            failure.compareAndSet(null, "out of order: " + chunk[k] + " after " + last[0]);
                        }
                        last[0] = chunk[k];
                    }
                    return true;
                });
                long next = store.view(0).nextSequence();
                for (long s = Math.max(0, next - 64); s < next; s++) {
                    Long e = store.view(0).get(s);
                    if (e != null && e != s) {
                        failure.compareAndSet(null, "sequence " + s + " read as " + e);
                    }
                }
            }
        } finally {
            stop.set(true);
            producer.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(handedOut).isPositive();
    }
}
