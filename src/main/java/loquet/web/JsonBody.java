package loquet.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON bodies and answers of the scripts behind the pages (the passkey ceremonies): an
 * object read once, strictly ({@link JsonMapper}), and answers as small objects. Anything
 * but a JSON object is answered 400 by the caller, never a 500.
 */
public final class JsonBody {

    private JsonBody() {
    }

    /** The body as a JSON object, or empty when it is none (not sent as JSON, malformed, a list, too big). */
    public static Optional<JsonNode> object(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
            return Optional.empty();
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            return Optional.of(JsonMapper.MAPPER.createObjectNode());
        }
        if (body.length > 64 * 1024) {
            return Optional.empty();
        }
        try {
            JsonNode node = JsonMapper.MAPPER.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The body as a JSON object; when it is none, answers 400 with this text (for the whole form) and gives empty. */
    public static Optional<JsonNode> objectOrRefuse(Context ctx, String refusal) {
        var body = object(ctx);
        if (body.isEmpty()) {
            error(ctx, 400, "", refusal);
        }
        return body;
    }

    /** A text member, or empty when missing or not text. */
    public static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /** A member as JSON text (the credential handed to the WebAuthn library), or empty when missing. */
    public static String json(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? "" : value.toString();
    }

    public static void answer(Context ctx, int status, Map<String, ?> body) {
        ctx.status(status).contentType("application/json").result(JsonMapper.write(body));
    }

    /** A refusal the page's script shows beside the field it names ("" for the whole form). */
    public static void error(Context ctx, int status, String field, String message) {
        answer(ctx, status, Map.of("error", message, "field", field));
    }
}
