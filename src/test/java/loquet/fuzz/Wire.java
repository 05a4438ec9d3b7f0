package loquet.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.0 over a plain socket, byte for byte: what {@link java.net.http.HttpClient} refuses
 * to send (bytes that are not UTF-8 in a path, a query, a header or a form; duplicated
 * headers; no Content-Type at all) goes out as given. One connection per request, closed by
 * the server after its answer, so the answer needs no de-chunking.
 */
final class Wire {

    /** An answer: status, header lines, body as text (bad bytes replaced). */
    record Answer(int status, List<String> headers, String body) {
        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            for (String line : headers) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    return line.substring(prefix.length()).strip();
                }
            }
            return null;
        }

        List<String> all(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            List<String> values = new ArrayList<>();
            for (String line : headers) {
                if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                    values.add(line.substring(prefix.length()).strip());
                }
            }
            return values;
        }

        boolean html() {
            String type = header("Content-Type");
            return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html");
        }
    }

    /** One request as it goes on the wire. */
    static final class Request {
        final String method;
        final byte[] target;
        final List<byte[]> headers = new ArrayList<>();
        byte[] body;

        Request(String method, byte[] target) {
            this.method = method;
            this.target = target;
        }

        Request header(String name, String value) {
            return header(name, value.getBytes(StandardCharsets.ISO_8859_1));
        }

        Request header(String name, byte[] value) {
            var line = new ByteArrayOutputStream();
            line.writeBytes((name + ": ").getBytes(StandardCharsets.ISO_8859_1));
            line.writeBytes(value);
            headers.add(line.toByteArray());
            return this;
        }

        /** Every byte of the request, for the test that no marker of a leak was in what we sent ourselves. */
        String sentText() {
            var all = new StringBuilder(new String(target, StandardCharsets.UTF_8));
            headers.forEach(h -> all.append('\n').append(new String(h, StandardCharsets.UTF_8)));
            if (body != null) {
                all.append('\n').append(new String(body, StandardCharsets.UTF_8));
                all.append('\n').append(java.net.URLDecoder.decode(new String(body, StandardCharsets.ISO_8859_1).replaceAll("%(?![0-9a-fA-F]{2})", "%25"),
                        StandardCharsets.UTF_8));
            }
            all.append('\n').append(java.net.URLDecoder.decode(new String(target, StandardCharsets.ISO_8859_1).replaceAll("%(?![0-9a-fA-F]{2})", "%25"),
                    StandardCharsets.UTF_8));
            return all.toString();
        }
    }

    private final String host;
    private final int port;

    Wire(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Answer send(Request request) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(request.method.getBytes(StandardCharsets.ISO_8859_1));
        out.write(' ');
        out.writeBytes(request.target);
        out.writeBytes(" HTTP/1.0\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] header : request.headers) {
            out.writeBytes(header);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (request.body != null) {
            out.writeBytes(("Content-Length: " + request.body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (request.body != null) {
            out.writeBytes(request.body);
        }
        byte[] answer;
        try (var socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            try {
                socket.getOutputStream().write(out.toByteArray());
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // The server may answer (414, 431, 413) and close before it has read all we send: its answer still counts.
            }
            answer = readAll(socket);
        } catch (IOException e) {
            String target = new String(request.target, StandardCharsets.UTF_8);
            throw new UncheckedIOException("no answer to " + request.method + " " + (target.length() > 200 ? target.substring(0, 200) + "…" : target), e);
        }
        if (answer.length == 0) {
            throw new IllegalStateException("the server closed the connection without an answer to " + request.method + " "
                    + new String(request.target, 0, Math.min(200, request.target.length), StandardCharsets.UTF_8));
        }
        return parse(answer);
    }

    /** Reads to the end; a server that stops reading an oversized body and closes may reset the connection after answering. */
    private static byte[] readAll(Socket socket) throws IOException {
        var in = socket.getInputStream();
        var buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[16_384];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                buffer.write(chunk, 0, n);
            }
        } catch (java.net.SocketException e) {
            if (buffer.size() == 0) {
                throw e;
            }
        }
        return buffer.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalStateException("not an HTTP answer: " + lines[0]);
        }
        return new Answer(Integer.parseInt(statusLine[1]), List.of(lines).subList(1, lines.length), body);
    }
}
