package dev.lockfree.sample.dashboard.sensors;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.DoubleSummaryStatistics;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.EventStoreStatistics;
import dev.lockfree.sample.dashboard.sensors.SensorReading.Kind;
import dev.lockfree.sample.dashboard.web.JsonFields;
import dev.lockfree.sample.dashboard.web.ResourceNotFoundException;
import dev.lockfree.sample.dashboard.web.StoreFullException;

import tools.jackson.databind.JsonNode;

/**
 * The SnapshotSensorsApi sample of the C# seed: each POST stores a temperature and a humidity reading, the
 * state is computed from what the (snapshotted, restored) {@code sensors} store holds, so it survives restarts.
 */
@RestController
public class SensorController {

    static final String STORE = "sensors";

    private final EventStore<SensorReading> sensors;
    private final Clock clock;

    public SensorController(EventStore<SensorReading> sensors, Clock clock) {
        this.sensors = sensors;
        this.clock = clock;
    }

    public record AcceptedReadings(String deviceId, double temperature, double humidity, Instant timestamp) {
    }

    /**
     * {@code min}, {@code max}, {@code avg} are {@code null} when there is no reading; {@code avg} is {@code null}
     * and {@code overflow} true when the sum behind it left the range of a double.
     */
    public record Summary(long count, Double min, Double max, Double avg, boolean overflow) {

        static Summary of(DoubleSummaryStatistics stats) {
            if (stats == null || stats.getCount() == 0) {
                return new Summary(0, null, null, null, false);
            }
            boolean overflow = !Double.isFinite(stats.getSum());
            return new Summary(stats.getCount(), stats.getMin(), stats.getMax(),
                    overflow ? null : stats.getAverage(), overflow);
        }
    }

    /**
     * @param totalApprox   readings currently retained (older ones were evicted by the ring)
     * @param appendCount   readings appended since start, restored ones excluded
     * @param droppedCount  readings evicted or rejected since start
     * @param restoredCount readings restored from snapshots at start-up
     */
    public record State(Summary temperature, Summary humidity, long totalApprox, long appendCount,
                        long droppedCount, long restoredCount) {
    }

    public record DeviceState(String deviceId, Summary temperature, Summary humidity) {
    }

    @PostMapping(path = "/sensor", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedReadings> append(@RequestBody JsonNode body) {
        JsonFields.requireObject(body);
        String deviceId = JsonFields.requiredText(body, "deviceId");
        double temperature = JsonFields.requiredFiniteNumber(body, "temperature");
        double humidity = JsonFields.requiredFiniteNumber(body, "humidity");
        Instant timestamp = JsonFields.optionalInstant(body, "timestamp", clock.instant());
        long millis = timestamp.toEpochMilli();
        // Both readings are validated before either is stored; under evict-oldest (the default) neither can fail.
        if (!sensors.tryAppend(new SensorReading(deviceId, Kind.TEMPERATURE, temperature, millis))
                | !sensors.tryAppend(new SensorReading(deviceId, Kind.HUMIDITY, humidity, millis))) {
            throw new StoreFullException(STORE);
        }
        URI location = URI.create("/sensor/" + UriUtils.encodePathSegment(deviceId, StandardCharsets.UTF_8));
        return ResponseEntity.accepted().location(location)
                .body(new AcceptedReadings(deviceId, temperature, humidity, Instant.ofEpochMilli(millis)));
    }

    @GetMapping("/state")
    public State state() {
        Map<Kind, DoubleSummaryStatistics> byKind = summarize(null);
        EventStoreStatistics stats = sensors.statistics();
        return new State(Summary.of(byKind.get(Kind.TEMPERATURE)), Summary.of(byKind.get(Kind.HUMIDITY)),
                stats.count(), stats.totalAppended(), stats.totalDiscarded() + stats.totalRejected(),
                stats.totalRestored());
    }

    @GetMapping("/sensor/{deviceId}")
    public DeviceState device(@PathVariable String deviceId) {
        String checked = JsonFields.checkText("deviceId", deviceId);
        Map<Kind, DoubleSummaryStatistics> byKind = summarize(checked);
        if (byKind.isEmpty()) {
            throw new ResourceNotFoundException("Device not found", "No reading of device '"
                    + JsonFields.printable(checked) + "' is retained", Map.of("deviceId", checked));
        }
        return new DeviceState(checked, Summary.of(byKind.get(Kind.TEMPERATURE)),
                Summary.of(byKind.get(Kind.HUMIDITY)));
    }

    private Map<Kind, DoubleSummaryStatistics> summarize(String deviceId) {
        var query = sensors.query();
        if (deviceId != null) {
            query.where(r -> r.deviceId().equals(deviceId));
        }
        Map<Kind, DoubleSummaryStatistics> byKind = new EnumMap<>(Kind.class);
        byKind.putAll(query.summarizeBy(SensorReading::kind, SensorReading::value));
        return byKind;
    }
}
