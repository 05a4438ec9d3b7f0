package loquet.web;

import io.javalin.http.Context;
import java.time.Duration;

/** A throttled answer: the {@code Retry-After} header, and the whole minutes to tell the person. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** Sets the header (seconds, rounded up) and returns the wait in minutes, at least one. */
    public static long minutes(Context ctx, Duration wait) {
        ctx.header("Retry-After", String.valueOf(wait.toSeconds() + 1));
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }
}
