package loquet.account;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import loquet.web.Page;

/** The record behind {@code account/recoveryCodes.jte}: the codes, shown this once. */
public record RecoveryCodesPage(List<String> codes, String username) implements Page {

    @Override
    public String template() {
        return "account/recoveryCodes.jte";
    }

    /** The codes as a text file to download. */
    public String downloadHref() {
        String text = "Loquet recovery codes for " + username + "\n\n" + String.join("\n", codes) + "\n";
        return "data:text/plain;charset=utf-8," + URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
