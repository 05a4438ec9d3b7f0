package loquet.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

/** A numeric id from the path; anything else is a page that does not exist. */
public final class PathIds {

    private PathIds() {
    }

    public static long of(Context ctx) {
        return of(ctx, "id");
    }

    /** The id in the path parameter of this name, e.g. "keyId". */
    public static long of(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse();
        }
    }
}
