package loquet.passkeys;

import java.net.URI;
import java.util.Locale;

/**
 * Who the passkeys are for: the relying party id is the host of LOQUET_BASE_URL, the one
 * origin its scheme, host and port. A browser makes passkeys only on https:// origins
 * and on localhost.
 *
 * @param name what the browser shows when it asks which passkey to use
 */
public record RelyingParty(String id, String origin, String name) {

    public static RelyingParty of(String baseUrl, String name) {
        URI uri = URI.create(baseUrl);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        return new RelyingParty(host, origin, name);
    }
}
