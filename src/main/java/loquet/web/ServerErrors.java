package loquet.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty itself answers for a request it refuses before any route sees it (a path with
 * bytes that are not UTF-8, an ambiguous URI): the API's JSON error under /api/, one line of
 * text elsewhere; never Jetty's HTML page with its name and version; with the protection
 * headers of every answer ({@link SecurityHeaders}).
 */
public final class ServerErrors extends ErrorHandler {

    private final boolean https;

    /** @param https the public address is https (HSTS on these answers too) */
    public ServerErrors(boolean https) {
        this.https = https;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        var uri = request.getHttpURI();
        String path = uri == null ? null : uri.getPath();
        // A request with an API key is a program's. A request line Jetty cannot read at all (a NUL in the path) reaches
        // here as "/badMessage", its path lost: nobody types that in a browser, so it gets the programs' JSON too.
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        boolean api = path != null && (path.startsWith("/api/") || path.equals("/badMessage"))
                || authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        String kind = code == 404 ? "not_found" : code == 413 ? "too_large" : code < 500 ? "bad_request" : "server_error";
        String body = api ? "{\"error\":\"" + kind + "\",\"message\":\"The request could not be handled.\"}" : "Error " + code + "\n";
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, api ? "application/json" : "text/plain; charset=utf-8");
        // The protection headers of every other answer: no route's before handler ran for this one.
        SecurityHeaders.each(https, response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
