package dev.lockfree.eventstore.boot.actuate.endpoint;

import dev.lockfree.eventstore.boot.kafka.ClusterAggregate;
import dev.lockfree.eventstore.boot.kafka.KafkaFedStore;
import dev.lockfree.eventstore.boot.kafka.WindowAnswer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.convert.DurationStyle;

/**
 * {@code GET /actuator/eventstorewindow/{store}?from=&to=} (or {@code ?last=}, optionally {@code &partitions=0,3}):
 * the window aggregate of the partitions of a Kafka-fed store that this instance holds, as a {@link WindowAnswer}.
 * It is how one instance's {@code EventStoreCluster} asks the owners of the other partitions.
 *
 * <p>An Actuator endpoint rather than an application route, so that it is exposed, served (on the management port
 * when there is one) and secured with the rest of the management surface, and off unless exposed
 * ({@code management.endpoints.web.exposure.include=eventstorewindow}). Web only: its answer is for other
 * instances, over HTTP. Read-only: it changes nothing.
 *
 * <p>Bad input gets an RFC 9457 problem: 400 naming the parameter ({@link InvalidParameterProblem}), 404 for a store
 * that is not Kafka-fed here, 409 for a store that keeps no time windows.
 */
@WebEndpoint(id = "eventstorewindow")
public class EventStoreWindowEndpoint {

    private final Map<String, KafkaFedStore> stores;

    public EventStoreWindowEndpoint(Collection<KafkaFedStore> stores) {
        Map<String, KafkaFedStore> byName = new LinkedHashMap<>();
        stores.forEach(store -> byName.put(store.name(), store));
        this.stores = Map.copyOf(byName);
    }

    /**
     * @param store      the store's name
     * @param from       start of the range, an ISO-8601 instant; with {@code to}
     * @param to         end of the range (exclusive), an ISO-8601 instant; with {@code from}
     * @param last       instead of {@code from} and {@code to}: the range up to now, e.g. {@code PT5M} or {@code 5m}
     * @param partitions comma-separated partitions to include if held; every partition when absent
     */
    @ReadOperation
    public WebEndpointResponse<Object> window(@Selector String store, @Nullable String from, @Nullable String to,
                                              @Nullable String last, @Nullable String partitions) {
        KafkaFedStore fed = stores.get(store);
        if (fed == null) {
            return new WebEndpointResponse<>(EndpointProblem.notFound("No Kafka-fed event store named '" + store
                    + "'"), WebEndpointResponse.STATUS_NOT_FOUND, EndpointProblem.MEDIA_TYPE);
        }
        Instant start;
        Instant end;
        SortedSet<Integer> requested;
        try {
            if (last != null) {
                if (from != null || to != null) {
                    throw new BadParameter("last", "give either last or from and to, not both");
                }
                Duration duration = duration(last);
                Instant now = fed.store().options().clock().instant();
                start = now.minus(duration);
                end = now.plusMillis(1);
            }
            else {
                if (from == null) {
                    throw new BadParameter("from", "from and to (ISO-8601 instants), or last (a duration), is required");
                }
                if (to == null) {
                    throw new BadParameter("to", "to (an ISO-8601 instant) is required with from");
                }
                start = instant("from", from);
                end = instant("to", to);
                if (start.isAfter(end)) {
                    throw new BadParameter("from", "from (" + start + ") must not be after to (" + end + ")");
                }
            }
            requested = partitions == null ? fed.allPartitions() : partitions(partitions, fed.store().partitions());
        }
        catch (BadParameter ex) {
            return new WebEndpointResponse<>(InvalidParameterProblem.of(ex.parameter, ex.detail), 400,
                    EndpointProblem.MEDIA_TYPE);
        }
        try {
            ClusterAggregate answer = fed.aggregateHeld(start, end, requested);
            return new WebEndpointResponse<>(WindowAnswer.of(store, answer));
        }
        catch (IllegalStateException ex) {
            String message = ex.getMessage();
            return new WebEndpointResponse<>(EndpointProblem.conflict("Event store '" + store + "' cannot answer "
                    + "window aggregates: " + (message != null ? message : ex.toString())), 409,
                    EndpointProblem.MEDIA_TYPE);
        }
    }

    private static Instant instant(String parameter, String text) {
        try {
            return Instant.parse(text.trim());
        }
        catch (DateTimeParseException ex) {
            throw new BadParameter(parameter, parameter + " '" + text + "' is not an ISO-8601 instant such as "
                    + "2026-01-31T12:00:00Z");
        }
    }

    private static Duration duration(String text) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text.trim());
        }
        catch (IllegalArgumentException ex) {
            throw new BadParameter("last", "last '" + text + "' is not a duration such as PT5M or 5m");
        }
        if (duration.isNegative()) {
            throw new BadParameter("last", "last must not be negative but was " + text);
        }
        return duration;
    }

    private static SortedSet<Integer> partitions(String text, int count) {
        SortedSet<Integer> partitions = new TreeSet<>();
        if (text.isBlank()) {
            return partitions;
        }
        for (String item : text.split(",", -1)) {
            int p;
            try {
                p = Integer.parseInt(item.trim());
            }
            catch (NumberFormatException ex) {
                throw new BadParameter("partitions", "partitions '" + text + "' must be comma-separated partition "
                        + "numbers; '" + item + "' is not one");
            }
            if (p < 0 || p >= count) {
                throw new BadParameter("partitions", "partition " + p + " is out of range [0, " + count + ")");
            }
            partitions.add(p);
        }
        return partitions;
    }

    /** A request parameter is wrong: becomes an {@link InvalidParameterProblem}. */
    private static final class BadParameter extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String parameter;
        private final String detail;

        BadParameter(String parameter, String detail) {
            super(detail, null, false, false);
            this.parameter = parameter;
            this.detail = detail;
        }
    }
}
