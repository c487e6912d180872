package dev.lockfree.eventstore.boot.actuate.endpoint;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The minimal application of the web tests: everything auto-configured, nothing else. */
@SpringBootConfiguration
@EnableAutoConfiguration
class WebTestApplication {
}
