package dev.lockfree.eventstore.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.snapshot.FileSystemSnapshotStore;
import dev.lockfree.eventstore.snapshot.SnapshotOptions;
import dev.lockfree.eventstore.snapshot.Snapshotter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Streams" example, as written there (with String events), does what the README says. */
class StreamsReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeExampleWorksAsDescribed() throws Exception {
        StreamRecordCodec<String> codec = StreamRecordCodec.of(new StreamRecordCodecTest.StringCodec("str/1"));
        EventStreams<String> streams = EventStreams.<String>builder()
                .partitions(4).capacityPerPartition(100_000)
                .maxStreams(10_000)
                .dedupe(1_000, Duration.ofHours(24))
                .build();

        long v = streams.append("orders/eu", "order");
        assertThat(v).isZero();
        assertThat(streams.append("orders/eu", "paid", ExpectedVersion.exactly(v))).isEqualTo(1);
        assertThatThrownBy(() -> streams.append("orders/eu", "paid", ExpectedVersion.exactly(v)))
                .isInstanceOf(WrongExpectedVersionException.class);
        assertThat(streams.append("orders/new", "created", ExpectedVersion.NO_STREAM)).isZero();
        AppendResult r = streams.append("orders/eu", "shipped", ExpectedVersion.ANY, "request-42");
        assertThat(streams.append("orders/eu", "shipped", ExpectedVersion.ANY, "request-42"))
                .isEqualTo(new AppendResult(r.version(), true));

        StreamSlice<String> slice = streams.read("orders/eu", 0, 100);
        assertThat(slice.events()).extracting(StreamRecord::event).containsExactly("order", "paid", "shipped");
        assertThat(slice.nextVersion()).isEqualTo(3);

        try (Snapshotter<StreamRecord<String>> snapshots = new Snapshotter<>(streams.store(), "streams", codec,
                new FileSystemSnapshotStore(dir), SnapshotOptions.defaults())) {
            snapshots.snapshotNow();
        }
        EventStreams<String> restarted = EventStreams.<String>builder().partitions(4).capacityPerPartition(100_000)
                .build();
        new Snapshotter<>(restarted.store(), "streams", codec, new FileSystemSnapshotStore(dir),
                SnapshotOptions.defaults()).restore();
        assertThat(restarted.append("orders/eu", "next")).isEqualTo(3);
        assertThat(restarted.append("orders/eu", "shipped", ExpectedVersion.ANY, "request-42").duplicate()).isTrue();
    }
}
