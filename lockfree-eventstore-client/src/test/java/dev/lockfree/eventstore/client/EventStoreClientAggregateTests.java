package dev.lockfree.eventstore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStoreClientAggregateTests extends FakeServerTestSupport {

    private EventStoreClient client;

    @BeforeEach
    void openClient() {
        client = open(clientBuilder());
    }

    private static Map<String, Object> event(Object gatewayId, Object valor) {
        Map<String, Object> event = new LinkedHashMap<>();
        if (gatewayId != null) {
            event.put("gatewayId", gatewayId);
        }
        if (valor != null) {
            event.put("valor", valor);
        }
        return event;
    }

    @Test
    void aggregatesCountSumMinMaxAvgAndSkipsNonNumbers() {
        client.append("gateway/orders", event("gw-1", 10));
        client.append("gateway/orders", event("gw-2", 2.5));
        client.append("gateway/orders", event("gw-1", -4));
        client.append("gateway/orders", event("gw-1", "12"));
        client.append("gateway/orders", event("gw-3", null));

        AggregateResult result = client.aggregate("gateway/orders", "valor");

        assertThat(result.stream()).isEqualTo("gateway/orders");
        assertThat(result.field()).isEqualTo("valor");
        assertThat(result.count()).isEqualTo(3);
        assertThat(result.sum()).isEqualTo(8.5);
        assertThat(result.min()).hasValue(-4);
        assertThat(result.max()).hasValue(10);
        assertThat(result.avg().getAsDouble()).isCloseTo(8.5 / 3, within(1e-12));
        assertThat(result.skipped()).isEqualTo(2);
        assertThat(result.groups()).isEmpty();
        assertThat(result.durationMs()).isGreaterThanOrEqualTo(0);
        assertThat(server.requests().get(5).rawQuery()).isEqualTo("aggregate=true&field=valor");
    }

    @Test
    void groupsAreKeyedByTheTextOfTheGroupValueWithNoneForMissing() {
        client.append("s", event("gw-1", 10));
        client.append("s", event("gw-2", 1));
        client.append("s", event("gw-1", 5));
        client.append("s", event(null, 7));
        client.append("s", event(42, 1));

        AggregateResult result = client.aggregate("s", "valor", "gatewayId");

        assertThat(result.groups()).containsExactly(
                Map.entry("gw-1", new GroupAggregate(2, 15)),
                Map.entry("gw-2", new GroupAggregate(1, 1)),
                Map.entry(AggregateResult.NO_GROUP, new GroupAggregate(1, 7)),
                Map.entry("42", new GroupAggregate(1, 1)));
        assertThatThrownBy(() -> result.groups().put("x", new GroupAggregate(0, 0)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(server.requests().get(5).rawQuery()).isEqualTo("aggregate=true&field=valor&groupBy=gatewayId");
    }

    @Test
    void noNumericEventGivesEmptyMinMaxAvg() {
        client.append("s", event("gw-1", "ten"));

        AggregateResult result = client.aggregate("s", "valor");

        assertThat(result.count()).isZero();
        assertThat(result.sum()).isZero();
        assertThat(result.min()).isEmpty();
        assertThat(result.max()).isEmpty();
        assertThat(result.avg()).isEmpty();
        assertThat(result.skipped()).isEqualTo(1);
    }

    @Test
    void fieldAndGroupByWithOddCharactersArePercentEncodedAndArriveIntact() {
        String field = "valor total&x=1+2 €";
        String groupBy = "gw/id?#;";
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(field, 3);
        data.put(groupBy, "a b");
        client.append("s", data);

        AggregateResult result = client.aggregate("s", field, groupBy);

        assertThat(result.count()).isEqualTo(1);
        assertThat(result.sum()).isEqualTo(3);
        assertThat(result.groups()).containsOnlyKeys("a b");
        assertThat(server.requests().get(1).rawQuery()).isEqualTo(
                "aggregate=true&field=valor%20total%26x%3D1%2B2%20%E2%82%AC&groupBy=gw%2Fid%3F%23%3B");
    }

    @Test
    void unknownStreamIsStreamNotFound() {
        assertThatThrownBy(() -> client.aggregate("gateway/none", "valor"))
                .isInstanceOfSatisfying(StreamNotFoundException.class, e -> {
                    assertThat(e.stream()).isEqualTo("gateway/none");
                    assertThat(e.problem()).get().satisfies(p -> {
                        assertThat(p.title()).isEqualTo("Stream not found");
                        assertThat(p.status()).isEqualTo(404);
                        assertThat(p.property("stream")).get().extracting(n -> n.stringValue()).isEqualTo("gateway/none");
                    });
                    assertThat(e.getMessage()).contains("Aggregate of 'valor' over stream 'gateway/none'", "not found");
                });
    }

    @Test
    void emptyFieldOrGroupByIsRefusedBeforeAnyRequest() {
        assertThatIllegalArgumentException().isThrownBy(() -> client.aggregate("s", "")).withMessageContaining("field");
        assertThatIllegalArgumentException().isThrownBy(() -> client.aggregate("s", null)).withMessageContaining("field");
        assertThatIllegalArgumentException().isThrownBy(() -> client.aggregate("s", "valor", "")).withMessageContaining("groupBy");
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void anOverflowedSumIsReadAsNaNWithTheOverflowFlag() {
        server.respondNext(200, "application/json", "{\"stream\":\"s\",\"field\":\"v\",\"count\":2,\"sum\":null,"
                + "\"min\":1.7976931348623157e308,\"max\":1.7976931348623157e308,\"avg\":null,"
                + "\"groups\":{\"a\":{\"count\":2,\"sum\":null,\"overflow\":true},\"b\":{\"count\":0,\"sum\":0,"
                + "\"overflow\":false}},\"durationMs\":0.1,\"skipped\":0,\"overflow\":true}");

        AggregateResult result = client.aggregate("s", "v", "g");

        assertThat(result.overflow()).isTrue();
        assertThat(result.sum()).isNaN();
        assertThat(result.avg()).isEmpty();
        assertThat(result.max()).hasValue(Double.MAX_VALUE);
        assertThat(result.groups().get("a").overflow()).isTrue();
        assertThat(result.groups().get("a").sum()).isNaN();
        assertThat(result.groups().get("b")).isEqualTo(new GroupAggregate(0, 0));
    }

    @Test
    void aNullSumWithoutTheOverflowFlagIsAContractViolation() {
        server.respondNext(200, "application/json", "{\"stream\":\"s\",\"field\":\"v\",\"count\":1,\"sum\":null,"
                + "\"min\":null,\"max\":null,\"avg\":null,\"durationMs\":0.1,\"skipped\":0}");

        assertThatThrownBy(() -> client.aggregate("s", "v")).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("\"sum\"");
    }

    @Test
    void anAggregateBodyWithoutSkippedIsAContractViolation() {
        server.respondNext(200, "application/json",
                "{\"stream\":\"s\",\"field\":\"v\",\"count\":0,\"sum\":0,\"min\":null,\"max\":null,\"avg\":null,\"durationMs\":0.1}");

        assertThatThrownBy(() -> client.aggregate("s", "v")).isInstanceOf(UnexpectedResponseException.class)
                .hasMessageContaining("\"skipped\"");
    }
}
