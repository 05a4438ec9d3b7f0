package loquet.web;

import io.javalin.http.Context;
import java.util.OptionalInt;

/** The {@code page} query parameter of every paged list. */
public final class PageNumbers {

    /** Far beyond any list; keeps OFFSET arithmetic far from overflowing. */
    public static final int MAX = 100_000;

    private PageNumbers() {
    }

    /** The page asked for, from 1; a hand-typed page that is not a number in range gives the first. */
    public static int of(Context ctx) {
        return parse(ctx.queryParam("page")).orElse(1);
    }

    /** The page of this text, when it is a whole number from 1 to {@link #MAX}; an absent one is page 1. */
    public static OptionalInt parse(String text) {
        if (text == null || text.isBlank()) {
            return OptionalInt.of(1);
        }
        try {
            int page = Integer.parseInt(text.strip());
            return page >= 1 && page <= MAX ? OptionalInt.of(page) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
