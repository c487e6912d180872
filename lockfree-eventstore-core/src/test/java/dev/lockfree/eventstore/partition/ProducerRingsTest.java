package dev.lockfree.eventstore.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProducerRingsTest {

    @SuppressWarnings("unchecked")
    private static PartitionRing<Integer>[] rings(int partitions) {
        PartitionRing<Integer>[] rings = new PartitionRing[partitions];
        for (int p = 0; p < partitions; p++) {
            rings[p] = new PartitionRing<>(4, false, null, null, new CallbackFailures());
        }
        return rings;
    }

    /** What the store's other unkeyed paths choose for the calling thread. */
    private static <E> PartitionRing<E> expected(PartitionRing<E>[] rings) {
        return rings[ProducerIndex.current() % rings.length];
    }

    @Test
    void aThreadGetsThePartitionProducerIndexGivesItEveryTime() {
        PartitionRing<Integer>[] rings = rings(3);
        ProducerRings<Integer> producerRings = new ProducerRings<>(rings);
        assertThat(producerRings.current()).isSameAs(expected(rings));
        assertThat(producerRings.current()).isSameAs(expected(rings));
    }

    @Test
    void threadsSharingASlotEachStillGetTheirOwnPartition() throws InterruptedException {
        PartitionRing<Integer>[] rings = rings(2);
        ProducerRings<Integer> producerRings = new ProducerRings<>(rings);
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstDone = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        Runnable check = () -> {
            if (producerRings.current() != expected(rings)) {
                mismatches.add(Thread.currentThread().getName());
            }
        };
        Thread first = new Thread(() -> {
            check.run();
            firstDone.countDown();
            awaitQuietly(secondDone);
            check.run(); // the second thread took the slot in between
        }, "first");
        Thread second;
        do { // thread ids are handed out at construction: make one exactly 1024 above the first
            second = new Thread(() -> {
                awaitQuietly(firstDone);
                check.run();
                secondDone.countDown();
            }, "second");
        } while (second.getId() - first.getId() < 1024);
        assertThat(second.getId() - first.getId()).isEqualTo(1024); // the same slot of the 1024-slot table
        first.start();
        second.start();
        first.join();
        second.join();
        assertThat(mismatches).isEmpty();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void twoProducersLandOnDistinctPartitions() throws InterruptedException {
        PartitionRing<Integer>[] rings = rings(2);
        ProducerRings<Integer> producerRings = new ProducerRings<>(rings);
        AtomicReference<PartitionRing<Integer>> a = new AtomicReference<>();
        AtomicReference<PartitionRing<Integer>> b = new AtomicReference<>();
        Thread ta = new Thread(() -> a.set(producerRings.current()));
        Thread tb = new Thread(() -> b.set(producerRings.current()));
        ta.start();
        ta.join();
        tb.start();
        tb.join();
        assertThat(a.get()).isNotSameAs(b.get());
    }
}
