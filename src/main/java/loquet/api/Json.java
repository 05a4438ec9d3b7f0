package loquet.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import loquet.user.User;
import loquet.user.UserSearch;
import loquet.web.JsonError;
import loquet.web.JsonMapper;

/** JSON in and out for the API: strict reading (known fields, right types) and snake_case writing. */
final class Json {

    static final int MAX_BODY = 64 * 1024;

    private Json() {
    }

    static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(JsonMapper.write(body));
    }

    /**
     * The body as an object of string (or null) fields, each one of {@code allowed}; anything
     * else is refused: malformed JSON 400, an unknown field or a wrong type 422, too large 413.
     */
    static Map<String, String> object(Context ctx, Set<String> allowed) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BODY) {
            throw new JsonError(413, "too_large", "The body is larger than " + MAX_BODY / 1024 + " KiB.");
        }
        JsonNode node;
        try {
            node = JsonMapper.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new JsonError(400, "malformed_json", "The body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new JsonError(400, "malformed_json", "The body must be a JSON object.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        ((ObjectNode) node).fields().forEachRemaining(entry -> {
            if (!allowed.contains(entry.getKey())) {
                problems.put(entry.getKey(), "unknown field");
            } else if (entry.getValue().isNull()) {
                values.put(entry.getKey(), null);
            } else if (!entry.getValue().isTextual()) {
                problems.put(entry.getKey(), "must be a string");
            } else {
                values.put(entry.getKey(), entry.getValue().asText());
            }
        });
        if (!problems.isEmpty()) {
            throw new JsonError(422, "invalid", "Some fields are unknown or of the wrong type.", problems);
        }
        return values;
    }

    static Map<String, Object> user(User user) {
        return user(user.id(), user.username(), user.firstName(), user.lastName(), user.email(), user.roleName(), user.teamName(),
                user.status(), user.twoFactor(), user.lastSignInAt());
    }

    static Map<String, Object> user(UserSearch.Row row) {
        return user(row.id(), row.username(), row.firstName(), row.lastName(), row.email(), row.roleName(), row.teamName(),
                row.status(), row.twoFactor(), row.lastSignInAt());
    }

    private static Map<String, Object> user(long id, String username, String firstName, String lastName, String email, String role,
                                            String team, User.Status status, boolean twoFactor, Long lastSignIn) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("username", username);
        json.put("first_name", firstName);
        json.put("last_name", lastName);
        json.put("email", email);
        json.put("role", role);
        json.put("team", team);
        json.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        json.put("two_factor", twoFactor);
        json.put("last_sign_in", lastSignIn == null ? null : Instant.ofEpochMilli(lastSignIn).toString());
        return json;
    }
}
