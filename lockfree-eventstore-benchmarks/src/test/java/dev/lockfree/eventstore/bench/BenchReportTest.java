package dev.lockfree.eventstore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BenchReport's per-fork arithmetic and the table it writes, from JMH JSON written here (nothing is timed). */
class BenchReportTest {

    @Test
    void forkMeansAverageEachForksIterations() {
        assertThat(BenchReport.forkMeans(List.of(List.of(10.0, 20.0), List.of(30, 30L, 30.0))))
                .containsExactly(15.0, 30.0);
        assertThat(BenchReport.forkMeans("not a list")).isEmpty();
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(BenchReport.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(BenchReport.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(BenchReport.median(List.of())).isNaN();
    }

    @Test
    void contendedRowShowsEachForkAndTheRatioOfForkMedians(@TempDir Path dir) throws IOException {
        // a bimodal peer: 2 forks at ~12, 2 at ~33; ours steady at 30
        Files.writeString(dir.resolve("append-t2.json"), "["
                + result("AppendBenchmark.storeAppendToPartition", 30.0, "[[30.0,30.0],[29.0,31.0],[30.0,30.0],[30.0,30.0]]")
                + "," + result("AppendBenchmark.disruptorMP", 23.25, "[[12.0,12.0],[13.0,13.0],[33.0,33.0],[35.0,35.0]]")
                + "]");

        BenchReport.main(new String[] {dir.toString(), "(test)"});

        String md = Files.readString(dir.resolve("results.md"));
        // merged scores: 30 / 23.25; fork medians: 30 / 23 (12.5 and 34 would each tell another story)
        assertThat(md).contains("≥ 1.0× Disruptor (one ring each): 1.29× met (fork medians 1.30×)");
        assertThat(md).contains("### Throughput per fork");
        assertThat(md).contains("| `disruptorMP` | 2 | 4 | 12.0, 13.0, 33.0, 35.0 | 23.0 | 12.0–35.0 | ops/us |");
    }

    private static String result(String name, double score, String rawData) {
        return """
                {"benchmark": "dev.lockfree.eventstore.bench.%s", "mode": "thrpt", "threads": 2,
                 "params": {"capacityPerPartition": "131072"},
                 "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "ops/us", "rawData": %s}}
                """.formatted(name, score, rawData);
    }
}
