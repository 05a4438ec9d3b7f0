package loquet.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Hostile values: what a form field, a query parameter, a path segment, a header or a JSON
 * member may carry when somebody is trying. Each value is bytes (most are the UTF-8 of a
 * text; some are bytes that are no UTF-8 at all).
 */
final class Hostile {

    private Hostile() {
    }

    /** The page must never show these as they are: they would run. */
    static final List<String> MARKUP = List.of(
            "<script>alert('fz')</script>",
            "\"><img src=x onerror=alert('fz')>",
            "'><svg onload=alert('fz')>",
            "</textarea><script>alert('fz')</script>",
            "</title><script>alert('fz')</script>",
            "<a href=\"javascript:alert('fz')\">fz</a>",
            "<iframe srcdoc=\"<script>alert('fz')</script>\">",
            "<style>*{display:none}</style>",
            "<!--fz-->",
            "<b onmouseover=alert('fz')>fz</b>");

    static final List<String> INJECTION = List.of(
            "' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\"", "'; DROP TABLE users; --", "admin'--", "1; DELETE FROM sessions",
            "1 UNION SELECT password_hash FROM users", "%' --", "' || (select group_concat(name) from sqlite_master) || '",
            "\\", "\\'", "''", "`", "$1", "?", ":name", "%", "_", "%%", "*", "\u0000' OR '1'='1",
            "${7*7}", "{{7*7}}", "#{7*7}", "<%= 7*7 %>", "@(7*7)", "%s%s%s%n", "{0}", "\\u0000",
            "${jndi:ldap://127.0.0.1/a}", "javascript:alert('fz')", "data:text/html,<script>alert('fz')</script>",
            "http://evil.example/", "//evil.example", "/\\evil.example", "https:evil.example", "\\\\evil.example\\a");

    static final List<String> TRAVERSAL = List.of(
            "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "....//....//etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "%252e%252e%252f", "..%00/", "/etc/passwd", "file:///etc/passwd", "a/../../b", ".", "..", "/", "//", "~root",
            "avatar.png\u0000.html", "CON", "NUL.png", ".htaccess", "%00", "%", "%zz", "%u0041", "a%2fb", "?x=1", "#x", ";jsessionid=x");

    static final List<String> NUMBERS = List.of(
            "-1", "0", "-0", "00", "007", "+5", " 42 ", "42 ", "4 2", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999999999999999999999999",
            "1e309", "-1e309", "1e-400", "NaN", "Infinity", "-Infinity", "0x7fffffff", "0b101", "1_000", "1,5", "3.14", ".5", "5.",
            "\u0663\u0663\u0663", "\uff19\uff19\uff19", "\u00b2", "\u2167", "1" + "0".repeat(400), "-" + "9".repeat(30), "true", "null");

    static final List<String> ODD_TEXT = List.of(
            "", " ", "\t", "\r\n", "\u00a0", "\u3000", "\u200b", "\ufeff", "\u202eevil\u202c", "\u2066x\u2069", "\u200f\u200e",
            "\u061c", "\u2028", "\u2029", "\u0085", "\u007f", "\u0000", "\u0001\u0002\u0003\u001b[31m", "\u001b]0;title\u0007",
            "a\r\nBcc: victim@example.com", "x\r\nSet-Cookie: loquet_session=x", "x\nLocation: http://evil.example",
            "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301", "Z\u0351\u0352\u0357\u035b\u0346\u0312".repeat(50),
            "\ud83d\ude00", "\ud83c\udff3\ufe0f\u200d\ud83c\udf08", "\uffff", "\ufffe", "\ufffd", "\uD800", "\uDFFF", "x\uDBFFy",
            "\u0130", "\u0131", "\u00df", "\ufb03", "\u1e9e", "\uff41\uff44\uff4d\uff49\uff4e", "\u0430dmin", "ADMIN", "Admin ",
            "@", "a@b", "a@b@c", "@example.com", "a@", "\"a b\"@example.com", "a@[127.0.0.1]", "a+b@example.com",
            "a@example.com\u0000b@example.com", "a@example.com, b@example.com", "x".repeat(64) + "@" + "y".repeat(250) + ".com",
            "en", "fr", "de", "xx", "fr-FR", "UTC", "Europe/Paris", "Etc/GMT+14", "America/Argentina/ComodRivadavia", "Mars/Olympus",
            "light", "dark", "system", "user", "admin", "manager", "on", "off", "true", "false", "allow", "deny", "confidential",
            "public", "proxy", "users.read", "users.write", "roles.write", "*", "tgt", "tgt@example.com", "openid", "openid profile email",
            "code", "token", "authorization_code", "refresh_token", "S256", "plain", "none", "login", "consent",
            "http://127.0.0.1/cb", "http://loquet.example.test/profile", "/profile", "/admin/users", "https://app.example.test/cb");

    /** Bytes that are no UTF-8: alone, or inside a text. */
    static final List<byte[]> BAD_BYTES = List.of(
            new byte[] {(byte) 0xff}, new byte[] {(byte) 0xfe, (byte) 0xff}, new byte[] {(byte) 0xc3, 0x28},
            new byte[] {(byte) 0xc0, (byte) 0xaf}, new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {0x61, (byte) 0xff, 0x62}, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 0x61});

    static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(MARKUP)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(INJECTION)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(TRAVERSAL)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(NUMBERS)),
                net.jqwik.api.Tuple.of(6, Arbitraries.of(ODD_TEXT)),
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMaxLength(40)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars('\u007f', '\u202e', '\u2066')
                        .ofMinLength(1).ofMaxLength(20)),
                net.jqwik.api.Tuple.of(2, longText()),
                net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of(MARKUP), Arbitraries.of(INJECTION), Arbitraries.of(ODD_TEXT))
                        .as((a, b, c) -> c + a + b)));
    }

    /** Long texts: past every limit a field has (128-character passwords, 255-character names), up to a few hundred kB. */
    static Arbitrary<String> longText() {
        return Combinators.combine(Arbitraries.of("a", "\u00e9", "\ud83d\ude00", "<script>", "'", "%", "\u202e", "1", " "),
                        Arbitraries.of(129, 256, 1_000, 4_097, 65_536, 200_000))
                .as((unit, times) -> unit.repeat(times));
    }

    /** A value as bytes: mostly the UTF-8 of a text, sometimes bytes that no UTF-8 decoder accepts. */
    static Arbitrary<byte[]> bytes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, text().map(s -> s.getBytes(StandardCharsets.UTF_8))),
                net.jqwik.api.Tuple.of(2, Combinators.combine(text(), Arbitraries.of(BAD_BYTES))
                        .as((t, bad) -> concat(t.substring(0, Math.min(t.length(), 20)).getBytes(StandardCharsets.UTF_8), bad))));
    }

    /** A path segment in place of an id or a token (already on the wire: percent-escaped where it must be). */
    static Arbitrary<String> pathSegment() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(NUMBERS).filter(n -> !n.matches("\\s*\\+?0*[1-9]\\s*") && !n.contains(" "))
                        .map(Hostile::escapeSegment)),
                net.jqwik.api.Tuple.of(3, text().map(Hostile::escapeSegment)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("%FF", "%C3%28", "%00", "%2F", "%2e%2e", "..", "%25", "a%20b", "%E2%80%AE",
                        "%ED%A0%80", "%C0%AF", "9223372036854775808", "-1", "0", "1e3", "x".repeat(5000))));
    }

    static String escapeSegment(String text) {
        return percent(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Percent-escapes everything but letters and digits (form: space as '+'). */
    static String percent(byte[] bytes, boolean form) {
        var out = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x80 && Character.isLetterOrDigit(c)) {
                out.append((char) c);
            } else if (form && c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
