package dev.lockfree.sample.dashboard.streams;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import dev.lockfree.eventstore.protocol.ExpectedVersion;
import dev.lockfree.eventstore.protocol.IdempotencyKeys;
import dev.lockfree.eventstore.protocol.PageLimits;
import dev.lockfree.eventstore.protocol.ProblemTypes;
import dev.lockfree.eventstore.protocol.StreamHeaders;
import dev.lockfree.eventstore.protocol.StreamNames;
import dev.lockfree.eventstore.stream.AppendResult;
import dev.lockfree.eventstore.stream.EventStreams;
import dev.lockfree.eventstore.stream.StreamLimitExceededException;
import dev.lockfree.eventstore.stream.StreamRecord;
import dev.lockfree.eventstore.stream.StreamSlice;
import dev.lockfree.eventstore.stream.WrongExpectedVersionException;
import dev.lockfree.sample.dashboard.web.InvalidRequestException;
import dev.lockfree.sample.dashboard.web.JsonFields;
import dev.lockfree.sample.dashboard.web.ProblemResponses;
import dev.lockfree.sample.dashboard.web.ResourceNotFoundException;

import tools.jackson.databind.JsonNode;

/**
 * The stream server (the original's {@code /streams/{*stream}}, now with versions, conditional and idempotent
 * appends and paged, gap-free reads). Stream names may contain {@code /}: {@code POST /streams/gateway/orders}.
 */
@RestController
public class StreamController {

    // The wire protocol the Java client speaks, from the module both sides use.
    public static final String EXPECTED_VERSION_HEADER = StreamHeaders.EXPECTED_VERSION;
    public static final String IDEMPOTENCY_KEY_HEADER = StreamHeaders.IDEMPOTENCY_KEY;
    static final int MAX_LIMIT = PageLimits.MAX_PAGE_SIZE;

    private final EventStreams<JsonNode> streams;

    public StreamController(EventStreams<JsonNode> streams) {
        this.streams = streams;
    }

    public record Appended(String stream, long version) {
    }

    public record RecordedEvent(long version, Instant timestamp, JsonNode data) {

        static RecordedEvent of(StreamRecord<JsonNode> record) {
            return new RecordedEvent(record.version(), record.instant(), record.event());
        }
    }

    /**
     * @param nextVersion   where the next page starts
     * @param lastVersion   the stream's newest version at read time
     * @param oldestVersion the oldest version still retained (older ones were evicted or purged)
     */
    public record StreamPage(String stream, List<RecordedEvent> events, long nextVersion, long lastVersion,
                             long oldestVersion) {
    }

    /** {@code sum} is {@code null} and {@code overflow} true when the sum left the range of a double. */
    public record Group(long count, Double sum, boolean overflow) {
    }

    /**
     * {@code min}, {@code max}, {@code avg} are {@code null} when no event has a numeric {@code field}.
     * {@code skipped} counts the events whose {@code field} is missing, not a number, or not a finite double.
     * {@code overflow} is true when {@code sum} (then {@code null}, as {@code avg}) or a group's sum left the
     * range of a double: the app never answers a non-finite number (see {@code web.JsonConfiguration}).
     */
    public record StreamAggregate(String stream, String field, long count, Double sum, Double min, Double max,
                                  Double avg, Map<String, Group> groups, long skipped, boolean overflow,
                                  double durationMs) {
    }

    @PostMapping(path = "/streams/{*stream}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Appended> append(@PathVariable("stream") String path, @RequestBody JsonNode body,
            @RequestHeader(name = EXPECTED_VERSION_HEADER, required = false) String expectedHeader,
            @RequestHeader(name = IDEMPOTENCY_KEY_HEADER, required = false) String idempotencyKey) {
        String stream = streamName(path);
        JsonFields.requireObject(body);
        JsonFields.checkTree(body);
        ExpectedVersion expected = expectedVersion(expectedHeader);
        if (idempotencyKey != null) {
            String problem = IdempotencyKeys.problem(idempotencyKey);
            if (problem != null) {
                throw new InvalidRequestException(IDEMPOTENCY_KEY_HEADER, problem);
            }
        }
        AppendResult result = idempotencyKey == null
                ? new AppendResult(streams.append(stream, body, expected), false)
                : streams.append(stream, body, expected, idempotencyKey);
        URI location = URI.create("/streams/" + UriUtils.encodePath(stream, StandardCharsets.UTF_8)
                + "?from=" + result.version() + "&limit=1");
        return ResponseEntity.status(result.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).location(location)
                .body(new Appended(stream, result.version()));
    }

    /** A page of events ({@code from}, {@code limit}), or with {@code aggregate=true} the stream's totals of {@code field}. */
    @GetMapping("/streams/{*stream}")
    public Object get(@PathVariable("stream") String path, @RequestParam(defaultValue = "0") long from,
                      @RequestParam(defaultValue = "" + PageLimits.DEFAULT_PAGE_SIZE) int limit,
                      @RequestParam(defaultValue = "false") boolean aggregate,
                      @RequestParam(required = false) String field,
                      @RequestParam(required = false) String groupBy) {
        String stream = existingStream(path);
        if (aggregate) {
            if (field == null) {
                throw new InvalidRequestException("field", "field is required with aggregate=true: the numeric "
                        + "property to aggregate, e.g. field=valor");
            }
            return aggregate(stream, JsonFields.checkText("field", field),
                    groupBy == null ? null : JsonFields.checkText("groupBy", groupBy));
        }
        if (from < 0) {
            throw new InvalidRequestException("from", "from must be >= 0, was " + from);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        StreamSlice<JsonNode> slice = streams.read(stream, from, limit);
        return new StreamPage(stream, slice.events().stream().map(RecordedEvent::of).toList(), slice.nextVersion(),
                slice.lastVersion(), slice.oldestVersion());
    }

    private StreamAggregate aggregate(String stream, String field, String groupBy) {
        long started = System.nanoTime();
        long count = 0;
        long skipped = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Map<String, double[]> groups = new LinkedHashMap<>();
        long next = 0;
        while (true) {
            StreamSlice<JsonNode> slice = streams.read(stream, next, EventStreams.MAX_READ_COUNT);
            for (StreamRecord<JsonNode> record : slice.events()) {
                // Appends refuse non-finite numbers, but events restored from an older snapshot were not
                // checked: one such value must cost a skip, not every later aggregate of the stream.
                JsonNode value = record.event().get(field);
                OptionalDouble number = value == null || !value.isNumber() ? OptionalDouble.empty()
                        : value.doubleValueOpt();
                if (number.isEmpty() || !Double.isFinite(number.getAsDouble())) {
                    skipped++;
                    continue;
                }
                double v = number.getAsDouble();
                count++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (groupBy != null) {
                    double[] acc = groups.computeIfAbsent(groupKey(record.event().get(groupBy)),
                            k -> new double[2]);
                    acc[0]++;
                    acc[1] += v;
                }
            }
            if (slice.events().isEmpty() || slice.isEndOfStream()) {
                break;
            }
            next = slice.nextVersion();
        }
        boolean overflow = !Double.isFinite(sum);
        Map<String, Group> result = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> group : groups.entrySet()) {
            double groupSum = group.getValue()[1];
            boolean groupOverflow = !Double.isFinite(groupSum);
            overflow |= groupOverflow;
            result.put(group.getKey(), new Group((long) group.getValue()[0], groupOverflow ? null : groupSum,
                    groupOverflow));
        }
        boolean any = count > 0;
        boolean sumOverflow = !Double.isFinite(sum);
        return new StreamAggregate(stream, field, count, sumOverflow ? null : sum, any ? min : null,
                any ? max : null, any && !sumOverflow ? sum / count : null, result, skipped, overflow,
                (System.nanoTime() - started) / 1e6);
    }

    /** A scalar's text, a container's JSON text (asString refuses containers), "(none)" when absent or null. */
    private static String groupKey(JsonNode group) {
        if (group == null || group.isNull()) {
            return "(none)";
        }
        return group.isContainer() ? group.toString() : group.asString();
    }

    private static String streamName(String path) {
        String stream = path.startsWith("/") ? path.substring(1) : path;
        String problem = StreamNames.problem(stream);
        if (problem != null) {
            throw new InvalidRequestException("stream", problem);
        }
        return stream;
    }

    private String existingStream(String path) {
        String stream = streamName(path);
        if (!streams.exists(stream)) {
            throw new ResourceNotFoundException(ProblemTypes.STREAM_NOT_FOUND_TITLE, "Stream '" + stream + "' does not exist",
                    Map.of("stream", stream));
        }
        return stream;
    }

    /**
     * Every condition the core has: {@code any} (or its value {@code -2}), {@code -1} (no stream), {@code -4}
     * (the stream exists, KurrentDB's value) or an exact version.
     */
    private static ExpectedVersion expectedVersion(String header) {
        if (header == null) {
            return ExpectedVersion.ANY;
        }
        try {
            return ExpectedVersion.parseHeader(header);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(EXPECTED_VERSION_HEADER, e.getMessage());
        }
    }

    @ExceptionHandler(WrongExpectedVersionException.class)
    ResponseEntity<ProblemDetail> conflict(WrongExpectedVersionException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.CONFLICT, ProblemTypes.WRONG_EXPECTED_VERSION,
                ProblemTypes.WRONG_EXPECTED_VERSION_TITLE, e.getMessage());
        problem.setProperty("stream", e.stream());
        problem.setProperty("expectedVersion", request.getHeader(EXPECTED_VERSION_HEADER));
        problem.setProperty("currentVersion", e.currentVersion());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(StreamLimitExceededException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(StreamLimitExceededException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.STREAM_LIMIT,
                ProblemTypes.STREAM_LIMIT_TITLE, e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }
}
