package dev.lockfree.sample.dashboard.web;

/** A store under the reject overflow policy refused an append: rendered as 503, the client may retry later. */
public class StoreFullException extends RuntimeException {

    private final String store;

    public StoreFullException(String store) {
        super("Event store '" + store + "' is full and its overflow policy rejects new events; retry later");
        this.store = store;
    }

    public String store() {
        return store;
    }
}
