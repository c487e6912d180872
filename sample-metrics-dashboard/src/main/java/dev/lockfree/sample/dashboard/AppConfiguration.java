package dev.lockfree.sample.dashboard;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the routes. */
@Configuration(proxyBeanMethods = false)
public class AppConfiguration {

    /** Default timestamps of posted events; a test may replace it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
