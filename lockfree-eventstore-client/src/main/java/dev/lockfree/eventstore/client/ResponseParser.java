package dev.lockfree.eventstore.client;

import java.net.http.HttpResponse;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON bodies of the contract into the client's types, and refuses (with
 * {@link UnexpectedResponseException} naming the field) any body that is not what the contract promises.
 */
final class ResponseParser {

    private static final List<String> PROBLEM_MEMBERS = List.of("type", "title", "status", "detail", "instance");

    private final JsonMapper mapper;

    ResponseParser(JsonMapper mapper) {
        this.mapper = mapper;
    }

    AppendResult appendResult(RequestExecutor.Exchange exchange, String call, String stream) {
        JsonNode body = object(exchange, call, stream);
        long version = integral(body, "version", exchange, call, stream);
        return new AppendResult(stream, version, exchange.response().statusCode() == 200);
    }

    ReadPage<JsonNode> readPage(RequestExecutor.Exchange exchange, String call, String stream, long from) {
        JsonNode body = object(exchange, call, stream);
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw contractViolation("has no \"events\" array", exchange, call, stream, null);
        }
        long nextVersion = integral(body, "nextVersion", exchange, call, stream);
        long lastVersion = integral(body, "lastVersion", exchange, call, stream);
        List<RecordedEvent<JsonNode>> page = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            if (!event.isObject()) {
                throw contractViolation("has an event that is not a JSON object", exchange, call, stream, null);
            }
            long version = integral(event, "version", exchange, call, stream);
            JsonNode data = event.get("data");
            if (data == null || !data.isObject()) {
                throw contractViolation("has event " + version + " without a \"data\" object", exchange, call, stream, null);
            }
            page.add(new RecordedEvent<>(stream, version, timestamp(event, exchange, call, stream), data));
        }
        // a page that does not move forward would make a paging reader ask for it again forever
        if (!page.isEmpty() && (nextVersion <= from || nextVersion != page.get(page.size() - 1).version() + 1)) {
            throw contractViolation("has nextVersion " + nextVersion + " after events up to version "
                    + page.get(page.size() - 1).version() + " read from " + from, exchange, call, stream, null);
        }
        return new ReadPage<>(stream, page, nextVersion, lastVersion);
    }

    AggregateResult aggregate(RequestExecutor.Exchange exchange, String call, String stream, String field) {
        JsonNode body = object(exchange, call, stream);
        long count = integral(body, "count", exchange, call, stream);
        boolean overflow = flag(body, "overflow", exchange, call, stream);
        double sum = sum(body, exchange, call, stream);
        Map<String, GroupAggregate> groups = new LinkedHashMap<>();
        JsonNode groupsNode = body.get("groups");
        if (groupsNode != null && !groupsNode.isNull()) {
            if (!groupsNode.isObject()) {
                throw contractViolation("has \"groups\" that is not a JSON object", exchange, call, stream, null);
            }
            for (Map.Entry<String, JsonNode> group : groupsNode.properties()) {
                JsonNode value = group.getValue();
                if (!value.isObject()) {
                    throw contractViolation("has group \"" + group.getKey() + "\" that is not a JSON object",
                            exchange, call, stream, null);
                }
                groups.put(group.getKey(), new GroupAggregate(integral(value, "count", exchange, call, stream),
                        sum(value, exchange, call, stream), flag(value, "overflow", exchange, call, stream)));
            }
        }
        return new AggregateResult(stream, field, count, sum,
                optionalNumber(body, "min", exchange, call, stream),
                optionalNumber(body, "max", exchange, call, stream),
                optionalNumber(body, "avg", exchange, call, stream),
                Collections.unmodifiableMap(groups),
                number(body, "durationMs", exchange, call, stream),
                integral(body, "skipped", exchange, call, stream), overflow);
    }

    /**
     * The problem detail of an error response.
     *
     * @return the problem, {@code null} when the body is not a JSON object (an HTML page from a proxy...)
     */
    Problem problem(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return null;
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, JsonNode> extensions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!PROBLEM_MEMBERS.contains(member.getKey())) {
                extensions.put(member.getKey(), member.getValue());
            }
        }
        JsonNode status = node.get("status");
        return new Problem(text(node, "type"), text(node, "title"),
                status != null && status.canConvertToInt() && status.isIntegralNumber() ? status.intValue() : 0,
                text(node, "detail"), text(node, "instance"), extensions);
    }

    private JsonNode object(RequestExecutor.Exchange exchange, String call, String stream) {
        JsonNode node;
        try {
            node = mapper.readTree(exchange.response().body());
        } catch (JacksonException e) {
            throw contractViolation("is not JSON (" + e.getOriginalMessage() + ")", exchange, call, stream, e);
        }
        if (node == null || !node.isObject()) {
            throw contractViolation("is not a JSON object", exchange, call, stream, null);
        }
        return node;
    }

    private static long integral(JsonNode node, String name, RequestExecutor.Exchange exchange, String call,
                                 String stream) {
        JsonNode value = node.get(name);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw contractViolation("has no integer \"" + name + "\"", exchange, call, stream, null);
        }
        return value.longValue();
    }

    private static double number(JsonNode node, String name, RequestExecutor.Exchange exchange, String call,
                                 String stream) {
        JsonNode value = node.get(name);
        if (value == null || !value.isNumber()) {
            throw contractViolation("has no number \"" + name + "\"", exchange, call, stream, null);
        }
        return value.doubleValue();
    }

    /** A sum, or {@code NaN} where the server answered {@code null} because it overflowed. */
    private static double sum(JsonNode node, RequestExecutor.Exchange exchange, String call, String stream) {
        JsonNode value = node.get("sum");
        if (value != null && value.isNull() && flag(node, "overflow", exchange, call, stream)) {
            return Double.NaN;
        }
        return number(node, "sum", exchange, call, stream);
    }

    /** An optional boolean member, {@code false} when absent (servers before it never overflowed visibly). */
    private static boolean flag(JsonNode node, String name, RequestExecutor.Exchange exchange, String call,
                                String stream) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw contractViolation("has \"" + name + "\" that is not a boolean", exchange, call, stream, null);
        }
        return value.booleanValue();
    }

    private static OptionalDouble optionalNumber(JsonNode node, String name, RequestExecutor.Exchange exchange,
                                                 String call, String stream) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw contractViolation("has \"" + name + "\" that is neither a number nor null", exchange, call, stream, null);
        }
        return OptionalDouble.of(value.doubleValue());
    }

    private static Instant timestamp(JsonNode event, RequestExecutor.Exchange exchange, String call, String stream) {
        JsonNode value = event.get("timestamp");
        if (value == null || !value.isString()) {
            throw contractViolation("has an event without a \"timestamp\" string", exchange, call, stream, null);
        }
        try {
            return Instant.parse(value.stringValue());
        } catch (DateTimeException e) {
            throw contractViolation("has an event timestamp that is not ISO-8601: " + value.stringValue(),
                    exchange, call, stream, e);
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private static UnexpectedResponseException contractViolation(String what, RequestExecutor.Exchange exchange,
                                                                 String call, String stream, Throwable cause) {
        int status = exchange.response().statusCode();
        return new UnexpectedResponseException(call + ": the " + status + " response body " + what
                + ", which the stream HTTP contract does not allow", stream, status, null, exchange.attempts(), cause);
    }
}
