package dev.lockfree.sample.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The MetricsDashboard sample: metric ingest and queries, the stream server, sensors with snapshots, admin
 * maintenance, the gateway role (profile {@code gateway}) and a live dashboard page, all on the
 * lockfree-eventstore starter. Runs with no configuration: every setting has an embedded default in
 * {@code application.yml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MetricsDashboardApplication {

    public static void main(String[] args) {
        SpringApplication.run(MetricsDashboardApplication.class, args);
    }
}
