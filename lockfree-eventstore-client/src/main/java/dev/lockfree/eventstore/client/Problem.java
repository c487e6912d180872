package dev.lockfree.eventstore.client;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}) as the server sent it.
 *
 * @param type       the problem type URI reference, {@code null} if absent
 * @param title      the short summary, {@code null} if absent
 * @param status     the HTTP status the body states, 0 if absent
 * @param detail     the explanation of this occurrence, {@code null} if absent
 * @param instance   the URI reference of this occurrence, {@code null} if absent
 * @param properties the extension members (for example {@code stream}, {@code currentVersion}), immutable
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      Map<String, JsonNode> properties) {

    /**
     * Checks the components and copies the extension members.
     *
     * @param type       the problem type
     * @param title      the summary
     * @param status     the stated status
     * @param detail     the explanation
     * @param instance   the occurrence
     * @param properties the extension members
     * @throws NullPointerException if {@code properties} is null
     */
    public Problem {
        properties = Map.copyOf(Objects.requireNonNull(properties, "properties"));
    }

    /**
     * One extension member.
     *
     * @param name the member name
     * @return its value, empty if the problem has no such member
     */
    public Optional<JsonNode> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /**
     * Title and detail in one line, for exception messages.
     *
     * @return for example {@code "Wrong expected version: expected 3 but stream is at 5"}
     */
    public String summary() {
        if (title == null) {
            return detail == null ? "(problem without title or detail)" : detail;
        }
        return detail == null ? title : title + ": " + detail;
    }
}
