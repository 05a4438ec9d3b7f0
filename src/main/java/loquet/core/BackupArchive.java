package loquet.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The backup file, a zip that any database Loquet runs on can be filled from:
 * <pre>
 * manifest.json            what the archive is (see {@link Manifest})
 * secret.key               data/secret.key as it was, unless the key came from LOQUET_SECRET_KEY
 * tables/&lt;table&gt;.jsonl     one line per row: a JSON object of column name to value,
 *                          ordered by primary key; every table, even an empty one
 * </pre>
 * Values: SQL NULL is {@code null}, numbers are JSON numbers, text is a JSON string,
 * and binary values (BLOB, bytea) are an object {@code {"base64": "…"}} holding standard
 * base64 with padding, so a value's JSON type alone says what it is.
 */
final class BackupArchive {

    static final String FORMAT = "loquet-backup";
    static final int FORMAT_VERSION = 1;
    static final String MANIFEST = "manifest.json";
    static final String KEY = "secret.key";
    private static final String BINARY = "base64";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A problem with the archive itself, in one line. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * manifest.json.
     *
     * @param secretKey     where the server key is: {@code "archive"} (the secret.key entry) or
     *                      {@code "LOQUET_SECRET_KEY"} (given to the server, not in the archive)
     * @param keyCheck      an HMAC under that key of a fixed text: a restore can tell the key it
     *                      will run with is the one, without the archive revealing it
     * @param rows          every table of the archive with its number of rows, in restore order
     */
    record Manifest(String loquetVersion, String schemaVersion, Instant createdAt, String database,
            String secretKey, String keyCheck, Map<String, Long> rows) {

        static final String KEY_IN_ARCHIVE = "archive";
        static final String KEY_FROM_ENVIRONMENT = "LOQUET_SECRET_KEY";

        boolean holdsKey() {
            return KEY_IN_ARCHIVE.equals(secretKey);
        }

        byte[] toJson() {
            ObjectNode json = JSON.createObjectNode()
                    .put("format", FORMAT)
                    .put("format_version", FORMAT_VERSION)
                    .put("loquet_version", loquetVersion)
                    .put("schema_version", schemaVersion)
                    .put("created_at", createdAt.toString())
                    .put("database", database)
                    .put("secret_key", secretKey)
                    .put("key_check", keyCheck);
            ObjectNode tables = json.putObject("tables");
            rows.forEach(tables::put);
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Manifest parse(byte[] bytes) {
            JsonNode json;
            try {
                json = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new Unreadable("its manifest.json is not JSON");
            }
            if (json == null || !FORMAT.equals(json.path("format").asText())) {
                throw new Unreadable("its manifest.json does not say \"format\": \"" + FORMAT + "\"");
            }
            JsonNode version = json.path("format_version");
            if (!version.isInt()) {
                throw new Unreadable("its manifest.json has no format_version");
            }
            if (version.intValue() != FORMAT_VERSION) {
                throw new Unreadable("it is a Loquet backup of format " + version.intValue() + ", and this Loquet reads format "
                        + FORMAT_VERSION + " only (restore it with the Loquet that made it, or a newer one)");
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            json.path("tables").properties().forEach(table -> rows.put(table.getKey(), table.getValue().asLong(-1)));
            try {
                return new Manifest(text(json, "loquet_version"), text(json, "schema_version"),
                        Instant.parse(text(json, "created_at")), text(json, "database"), text(json, "secret_key"),
                        text(json, "key_check"), rows);
            } catch (DateTimeParseException e) {
                throw new Unreadable("its manifest.json has a created_at that is no time");
            }
        }

        private static String text(JsonNode json, String field) {
            JsonNode value = json.get(field);
            if (value == null || !value.isTextual()) {
                throw new Unreadable("its manifest.json has no " + field);
            }
            return value.textValue();
        }
    }

    private BackupArchive() {
    }

    static String tableEntry(String table) {
        return "tables/" + table + ".jsonl";
    }

    /**
     * Writes the archive into {@code file} (already created 0600 by the caller): the
     * manifest, the key when given, then each table of the manifest, read from the snapshot.
     */
    static void write(Path file, Manifest manifest, Optional<byte[]> key, DSLContext snapshot, Iterable<Table<?>> tables) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
             var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(manifest.toJson());
            zip.closeEntry();
            if (key.isPresent()) {
                zip.putNextEntry(new ZipEntry(KEY));
                zip.write(key.get());
                zip.closeEntry();
            }
            for (Table<?> table : tables) {
                zip.putNextEntry(new ZipEntry(tableEntry(table.getName())));
                long written = writeRows(zip, snapshot, table);
                zip.closeEntry();
                if (written != manifest.rows().get(table.getName())) {
                    throw new IllegalStateException("the snapshot changed while " + table.getName() + " was read");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static long writeRows(OutputStream out, DSLContext snapshot, Table<?> table) throws IOException {
        var select = table.getPrimaryKey() == null
                ? snapshot.selectFrom(table)
                : snapshot.selectFrom(table).orderBy(table.getPrimaryKey().getFields());
        long count = 0;
        try (Cursor<? extends Record> rows = select.fetchLazy()) {
            for (Record row : rows) {
                out.write(JSON.writeValueAsBytes(toJson(row)));
                out.write('\n');
                count++;
            }
        }
        return count;
    }

    static ObjectNode toJson(Record row) {
        ObjectNode json = JSON.createObjectNode();
        for (Field<?> field : row.fields()) {
            String name = field.getName();
            Object value = row.get(field);
            if (value == null) {
                json.putNull(name);
            } else if (value instanceof byte[] bytes) {
                json.putObject(name).put(BINARY, Base64.getEncoder().encodeToString(bytes));
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                json.put(name, ((Number) value).longValue());
            } else if (value instanceof BigInteger big) {
                json.put(name, big);
            } else if (value instanceof BigDecimal decimal) {
                json.put(name, decimal);
            } else if (value instanceof Double || value instanceof Float) {
                json.put(name, ((Number) value).doubleValue());
            } else if (value instanceof Boolean bool) {
                json.put(name, bool);
            } else {
                json.put(name, value.toString()); // text, and any other type as its SQL literal text
            }
        }
        return json;
    }

    /**
     * A row of the archive as values for the table: each column's JSON value converted to
     * the generated column's type; a column this jar no longer has (the archive is older and
     * a later migration drops it) keeps its JSON type.
     */
    static Map<Field<?>, Object> values(Table<?> table, ObjectNode json) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> column : json.properties()) {
            Field<?> field = table.field(column.getKey());
            JsonNode value = column.getValue();
            if (field == null) {
                values.put(DSL.field(DSL.name(column.getKey())), plain(column.getKey(), value));
            } else if (value.isNull()) {
                values.put(field, null);
            } else if (field.getType() == byte[].class) {
                if (!value.isObject() || value.size() != 1 || !value.path(BINARY).isTextual()) {
                    throw new IllegalArgumentException(column.getKey() + " is binary, written {\"base64\": \"…\"}");
                }
                values.put(field, Base64.getDecoder().decode(value.path(BINARY).textValue()));
            } else if (Number.class.isAssignableFrom(field.getType()) && !value.isNumber()
                    || field.getType() == String.class && !value.isTextual()) {
                throw new IllegalArgumentException(column.getKey() + " is " + (value.isTextual() ? "text" : "not text")
                        + " where " + table.getName() + " holds " + (field.getType() == String.class ? "text" : "a number"));
            } else {
                values.put(field, field.getDataType().convert(plain(column.getKey(), value)));
            }
        }
        return values;
    }

    private static Object plain(String column, JsonNode value) {
        if (value.isNull()) {
            return null;
        } else if (value.isNumber()) {
            return value.numberValue();
        } else if (value.isTextual()) {
            return value.textValue();
        } else if (value.isBoolean()) {
            return value.booleanValue();
        } else if (value.isObject() && value.size() == 1 && value.path(BINARY).isTextual()) {
            return Base64.getDecoder().decode(value.path(BINARY).textValue());
        }
        throw new IllegalArgumentException(column + " holds " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + ", not a column value");
    }

    /** An archive opened for reading; its entries are read on demand. */
    static final class Reader implements AutoCloseable {

        private final ZipFile zip;
        private final Manifest manifest;

        private Reader(ZipFile zip, Manifest manifest) {
            this.zip = zip;
            this.manifest = manifest;
        }

        /** Opens the archive and reads its manifest; a file that is none throws {@link Unreadable}. */
        static Reader open(Path file) {
            ZipFile zip;
            try {
                zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new Unreadable("it does not exist");
            } catch (ZipException e) {
                throw new Unreadable("it is not a zip archive, or a damaged one");
            } catch (IOException e) {
                throw new Unreadable(Files.exists(file) ? "it cannot be read (" + e.getMessage() + ")" : "it does not exist");
            }
            try {
                ZipEntry entry = zip.getEntry(MANIFEST);
                if (entry == null) {
                    throw new Unreadable("it holds no manifest.json");
                }
                byte[] bytes;
                try (var in = zip.getInputStream(entry)) {
                    bytes = in.readNBytes(1 << 20);
                }
                return new Reader(zip, Manifest.parse(bytes));
            } catch (IOException | RuntimeException e) {
                try {
                    zip.close();
                } catch (IOException ignored) {
                    e.addSuppressed(ignored);
                }
                if (e instanceof Unreadable unreadable) {
                    throw unreadable;
                }
                throw new Unreadable("its manifest.json cannot be read (" + e.getMessage() + ")");
            }
        }

        Manifest manifest() {
            return manifest;
        }

        boolean has(String entry) {
            return zip.getEntry(entry) != null;
        }

        byte[] key() {
            try (var in = zip.getInputStream(zip.getEntry(KEY))) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                throw new Unreadable("its secret.key cannot be read (" + e.getMessage() + ")");
            }
        }

        /** Hands each row of the table's entry to {@code row}, in order; returns how many there were. */
        long rows(String table, Consumer<ObjectNode> row) {
            String name = tableEntry(table);
            ZipEntry entry = zip.getEntry(name);
            long line = 0;
            long count = 0;
            try (var lines = new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
                for (String text = lines.readLine(); text != null; text = lines.readLine()) {
                    line++;
                    if (text.isBlank()) {
                        continue;
                    }
                    JsonNode json = JSON.readTree(text);
                    if (json == null || !json.isObject()) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    row.accept((ObjectNode) json);
                    count++;
                }
                return count;
            } catch (IOException | RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
                throw new Unreadable(name + (line == 0 ? "" : " line " + line) + ": " + why);
            }
        }

        @Override
        public void close() {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
