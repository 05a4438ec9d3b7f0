package loquet.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/** A numeric id from the path; anything else is a page that does not exist. */
public final class PathIds {

    private PathIds() {
    }

    public static long of(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse();
        }
    }
}
