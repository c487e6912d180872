package dev.lockfree.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The append paths by {@link KeyId}, with an explicit timestamp and in batches allocate nothing per event (the
 * events themselves aside), counted with the thread's allocation counter over {@value #EVENTS} appends. Any
 * object per append would be at least 16 bytes each; the bound allows less than one byte per append. The JMH
 * allocation rows (-prof gc) measure the compiled code; this catches an object per append in any mode.
 */
class KeyIdAppendAllocationTest {

    private static final int EVENTS = 100_000;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void keyIdTimestampAndBatchAppendsAllocateNothingPerEvent() {
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        EventStore<MetricEvent> store = MetricEvent.storeBuilder().withPartitions(4).withCapacityPerPartition(1024)
                .withWindow(Duration.ofSeconds(60), Duration.ofSeconds(1)).create();
        KeyId key = store.keyId("cpu");
        MetricEvent[] events = new MetricEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = new MetricEvent("cpu", i, 1_000_000 + i / 10);
        }
        List<MetricEvent> batch = Arrays.asList(events);
        KeyId[] keyArray = new KeyId[EVENTS];
        Arrays.fill(keyArray, key);
        List<KeyId> sameKeys = Arrays.asList(keyArray);
        String routingKey = "cpu";
        for (int round = 0; round < 3; round++) { // the last round is the one measured; earlier ones warm up
            long floor = allocatedBy(() -> { });
            long byKeyId = allocatedBy(() -> {
                for (MetricEvent e : events) {
                    store.tryAppend(key, e);
                }
            }) - floor;
            long byKeyIdAt = allocatedBy(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    store.tryAppend(key, events[i], 2_000_000L + i / 10);
                }
            }) - floor;
            long byKeyAt = allocatedBy(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    store.tryAppend(routingKey, events[i], 3_000_000L + i / 10);
                }
            }) - floor;
            long batchByKeyId = allocatedBy(() -> store.tryAppendBatch(key, batch)) - floor;
            long batchOfKeyIds = allocatedBy(() -> store.tryAppendBatch(sameKeys, batch)) - floor;
            if (round == 2) {
                assertThat(byKeyId).as("bytes allocated by %d tryAppend(KeyId, e)", EVENTS).isLessThan(EVENTS);
                assertThat(byKeyIdAt).as("bytes allocated by %d tryAppend(KeyId, e, ts)", EVENTS).isLessThan(EVENTS);
                assertThat(byKeyAt).as("bytes allocated by %d tryAppend(key, e, ts)", EVENTS).isLessThan(EVENTS);
                assertThat(batchByKeyId).as("bytes allocated by a batch of %d by KeyId", EVENTS).isLessThan(EVENTS);
                assertThat(batchOfKeyIds).as("bytes allocated by a batch of %d KeyIds", EVENTS).isLessThan(EVENTS);
            }
        }
        assertThat(store.statistics().totalAppended()).isEqualTo(3L * 5 * EVENTS);
    }

    private long allocatedBy(Runnable action) {
        long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
