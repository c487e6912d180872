package dev.lockfree.sample.dashboard.sensors;

import java.util.Objects;

/**
 * One reading of one device, as stored in the {@code sensors} store. Routed by {@code deviceId}, so a device's
 * readings share a partition (the C# seed passed the partition as a timestamp and sent every temperature to
 * one partition, seed defect BUG-15 (docs/seed-parity.md#bug-15)).
 *
 * @param deviceId  the device, at most 200 characters
 * @param kind      what was measured
 * @param value     the measurement
 * @param timestamp epoch milliseconds
 */
public record SensorReading(String deviceId, Kind kind, double value, long timestamp) {

    public enum Kind {
        TEMPERATURE, HUMIDITY
    }

    public SensorReading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(kind, "kind");
    }
}
