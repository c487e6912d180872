package dev.lockfree.eventstore.boot.kafka;

import dev.lockfree.eventstore.WindowAggregate;
import java.time.Instant;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The wire form of an instance's answer reads back to the same aggregate, bit for bit. */
class WindowAnswerTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    private ClusterAggregate roundTrip(ClusterAggregate aggregate) {
        String json = mapper.writeValueAsString(WindowAnswer.of("orders", aggregate));
        return mapper.readValue(json, WindowAnswer.class).toClusterAggregate();
    }

    private static ClusterAggregate aggregate(long count, double sum, double min, double max) {
        return new ClusterAggregate(new WindowAggregate(Instant.ofEpochMilli(1_000), Instant.parse(
                "2026-12-04T10:00:00.123456789Z"), count, sum, min, max), new TreeSet<>(Set.of(0, 3)),
                new TreeSet<>(Set.of(1)));
    }

    @Test
    void randomDoublesSurviveExactly() {
        long seed = System.nanoTime();
        System.out.println("WindowAnswerTests seed=" + seed);
        Random random = new Random(seed);
        for (int i = 0; i < 1_000; i++) {
            ClusterAggregate a = aggregate(random.nextInt(1_000_000),
                    Double.longBitsToDouble(random.nextLong()) % 1e300, random.nextDouble() * -1e-300,
                    Double.MIN_VALUE * random.nextInt(5));
            if (!Double.isFinite(a.aggregate().sum())) {
                continue; // a random bit pattern may be NaN: covered below
            }
            assertThat(roundTrip(a)).as("seed %d", seed).isEqualTo(a);
        }
    }

    @Test
    void nonFiniteValuesAreNullNumbersNamedInNonFiniteAndComeBackWithTheirSign() {
        ClusterAggregate overflow = aggregate(2, Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, Double.POSITIVE_INFINITY);
        WindowAnswer answer = WindowAnswer.of("orders", overflow);
        assertThat(answer.sum()).isNull();
        assertThat(answer.overflow()).isTrue();
        assertThat(answer.nonFinite()).containsEntry("sum", "-Infinity").containsEntry("max", "Infinity")
                .doesNotContainKey("min");
        String json = mapper.writeValueAsString(answer);
        assertThat(json).contains("\"sum\":null").contains("\"overflow\":true").doesNotContain(":Infinity");
        assertThat(roundTrip(overflow)).isEqualTo(overflow);
        ClusterAggregate nan = aggregate(2, Double.NaN, 1, 2);
        assertThat(roundTrip(nan).aggregate().sum()).isNaN();
        assertThat(WindowAnswer.of("orders", aggregate(1, 2, 2, 2)).overflow()).isFalse();
    }

    @Test
    void aMalformedAnswerIsRefusedNamingTheField() {
        WindowAnswer nullSum = new WindowAnswer("orders", "1970-01-01T00:00:00Z", "1970-01-01T00:00:01Z",
                java.util.List.of(0), java.util.List.of(), 1, null, 1.0, 1.0, true, java.util.Map.of());
        assertThatIllegalArgumentException().isThrownBy(nullSum::toClusterAggregate).withMessageContaining("'sum'");
        WindowAnswer badFrom = new WindowAnswer("orders", "yesterday", "1970-01-01T00:00:01Z",
                java.util.List.of(0), java.util.List.of(), 0, 0.0, 0.0, 0.0, false, java.util.Map.of());
        assertThatIllegalArgumentException().isThrownBy(badFrom::toClusterAggregate).withMessageContaining("'from'");
    }
}
