package dev.lockfree.eventstore.boot.actuate.endpoint;

import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The body of a {@link MvcTestResult} as a JSON tree (empty: a missing node), for checks that walk it. */
final class WebTestJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebTestJson() {
    }

    static JsonNode of(MvcTestResult result) {
        byte[] body = result.getResponse().getContentAsByteArray();
        return body.length == 0 ? JSON.missingNode() : JSON.readTree(new String(body, StandardCharsets.UTF_8));
    }
}
