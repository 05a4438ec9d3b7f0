package loquet.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the app (thread-safe once built), for the API's answers and its errors. */
public final class JsonMapper {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonMapper() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
