package loquet.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON answer other than success (the API's errors): {@code {"error": code, "message": text}} with a fitting status. */
public final class JsonError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> fields;

    public JsonError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public JsonError(int status, String code, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = fields;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Field by field, what is wrong with the input (empty when the error is not about fields). */
    public Map<String, String> fields() {
        return fields;
    }

    public static JsonError notFound() {
        return new JsonError(404, "not_found", "No such resource.");
    }

    public static JsonError forbidden() {
        return new JsonError(403, "forbidden", "This key's owner may not do this.");
    }

    /** Writes this error as the answer: {@code {"error", "message", "fields"?}}. */
    public void send(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", getMessage());
        if (!fields.isEmpty()) {
            body.put("fields", fields);
        }
        ctx.status(status).contentType("application/json").result(JsonMapper.write(body));
    }
}
