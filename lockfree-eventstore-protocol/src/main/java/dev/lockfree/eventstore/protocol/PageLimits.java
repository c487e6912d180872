package dev.lockfree.eventstore.protocol;

/** The page sizes of a stream read ({@code GET /streams/{stream}?from=&limit=}). */
public final class PageLimits {

    /** Largest {@code limit} the server accepts. */
    public static final int MAX_PAGE_SIZE = 1000;

    /** The {@code limit} the server uses when a read names none (the client's default page size too). */
    public static final int DEFAULT_PAGE_SIZE = MAX_PAGE_SIZE;

    private PageLimits() {
    }
}
