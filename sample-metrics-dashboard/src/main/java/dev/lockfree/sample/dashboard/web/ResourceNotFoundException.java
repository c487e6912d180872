package dev.lockfree.sample.dashboard.web;

import java.util.Map;

/** Something named in the request does not exist; rendered as a 404 problem with the given extensions. */
public class ResourceNotFoundException extends RuntimeException {

    private final String title;
    private final Map<String, Object> properties;

    public ResourceNotFoundException(String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.title = title;
        this.properties = Map.copyOf(properties);
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
