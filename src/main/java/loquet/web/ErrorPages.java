package loquet.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.router.Endpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps what handlers throw to styled pages; a bug is logged once and never shown. */
public final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    private final Views views;

    public ErrorPages(Views views) {
        this.views = views;
    }

    public void register(RoutesConfig routes) {
        routes.exception(JsonError.class, (e, ctx) -> e.send(ctx));
        routes.exception(AccessControl.SignInRequired.class, (e, ctx) -> sendToSignIn(ctx));
        routes.exception(AccessControl.StepRequired.class, (e, ctx) -> ctx.redirect(e.path(), HttpStatus.SEE_OTHER));
        routes.exception(AccessControl.CsrfRejected.class, (e, ctx) -> show(ctx, new ErrorPage(403, "error.403.title", "error.csrf.text")));
        routes.exception(HttpResponseException.class, (e, ctx) -> show(ctx, forStatus(e.getStatus())));
        routes.exception(RequestBodies.Refused.class, (e, ctx) -> show(ctx, forStatus(e.status())));
        // Jetty's own parsers (multipart above all) say "bad message" with a 4xx: the client's fault, not a bug.
        routes.exception(org.eclipse.jetty.http.BadMessageException.class, (e, ctx) -> show(ctx, forStatus(badMessageStatus(e))));
        routes.exception(jakarta.servlet.ServletException.class, (e, ctx) -> {
            if (e.getCause() instanceof org.eclipse.jetty.http.BadMessageException bad) {
                show(ctx, forStatus(badMessageStatus(bad)));
            } else {
                LOG.error("Unexpected error on {} {}", ctx.method(), route(ctx), e);
                show(ctx, forStatus(500));
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected error on {} {}", ctx.method(), route(ctx), e);
            show(ctx, forStatus(500));
        });
        routes.error(404, "*", ctx -> {
            if (ctx.result() == null) {
                show(ctx, forStatus(404));
            }
        });
    }

    /**
     * The route as declared ("/reset-password/{token}"), not the path as requested: a path
     * can carry a live token, and the log should not.
     */
    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "(unmatched)" : endpoint.path;
    }

    private static int badMessageStatus(org.eclipse.jetty.http.BadMessageException e) {
        return e.getCode() == 413 ? 413 : 400;
    }

    private static ErrorPage forStatus(int status) {
        return switch (status) {
            case 403 -> new ErrorPage(403, "error.403.title", "error.403.text");
            case 404, 405 -> new ErrorPage(404, "error.404.title", "error.404.text");
            case 413 -> new ErrorPage(413, "error.413.title", "error.413.text");
            case 400, 415 -> new ErrorPage(status, "error.400.title", "error.400.text");
            default -> new ErrorPage(500, "error.500.title", "error.500.text");
        };
    }

    private void sendToSignIn(Context ctx) {
        String target = "/login";
        if (ctx.method().name().equals("GET")) {
            String query = ctx.queryString();
            String back = ctx.path() + (query == null ? "" : "?" + query);
            target += "?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        }
        ctx.redirect(target, HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx, ErrorPage page) {
        if (ctx.path().startsWith("/api/")) {
            // Programs get JSON, whatever went wrong.
            new JsonError(page.status(), page.status() == 404 ? "not_found"
                    : page.status() == 413 ? "too_large" : page.status() == 400 || page.status() == 415 ? "bad_request" : "server_error",
                    page.status() == 404 ? "No such resource." : "The request could not be handled.").send(ctx);
            return;
        }
        if (ctx.routeRoles().contains(Access.SCRIPT)) {
            // A page's script shows the text beside its form.
            JsonBody.error(ctx, page.status(), "", views.messages(ctx).get(page.textKey()));
            return;
        }
        if (!RequestBodies.charsetReadable(ctx)) {
            // The page would read the query in a charset Javalin cannot decode: plain text.
            ctx.status(page.status()).contentType("text/plain; charset=utf-8").result("Error " + page.status());
            return;
        }
        try {
            views.render(ctx, page, page.status());
        } catch (RuntimeException e) {
            // The error page itself failed (the database may be gone): plain text, still no trace.
            LOG.error("Could not render the error page for {} {}", ctx.method(), route(ctx), e);
            ctx.status(page.status()).contentType("text/plain; charset=utf-8").result("Error " + page.status());
        }
    }
}
