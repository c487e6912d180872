package dev.lockfree.sample.dashboard.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP API.
 *
 * @param maxBodySize Largest request body accepted; longer bodies are refused with 413 before anything is stored
 */
@ConfigurationProperties("dashboard.http")
public record HttpLimitsProperties(@DefaultValue("64KB") DataSize maxBodySize) {

    public HttpLimitsProperties {
        if (maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException("dashboard.http.max-body-size must be positive, was " + maxBodySize);
        }
    }
}
