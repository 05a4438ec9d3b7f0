package loquet.web;

import java.util.function.IntFunction;
import loquet.i18n.Message;

/**
 * The previous/next links under a paged list, for {@code tag/pager.jte}.
 *
 * @param previous the address of the page before, or null on the first
 * @param next the address of the page after, or null on the last
 * @param position where the reader stands: "Page 2", or "Page 2 of 5" when the count is known
 */
public record Pager(String previous, String next, Message position) {

    /** A list whose end is known only one page ahead (there is a next page or not). */
    public static Pager withNext(int page, boolean hasNext, IntFunction<String> link) {
        return new Pager(page > 1 ? link.apply(page - 1) : null, hasNext ? link.apply(page + 1) : null,
                Message.of("pager.page", page));
    }

    /** A list whose number of pages is known. */
    public static Pager ofPages(int page, int pages, IntFunction<String> link) {
        return new Pager(page > 1 ? link.apply(page - 1) : null, page < pages ? link.apply(page + 1) : null,
                Message.of("pager.position", page, pages));
    }

    /** Whether there is anywhere to go: a list that fits on one page shows no pager at all. */
    public boolean needed() {
        return previous != null || next != null;
    }
}
