package loquet.account;

import java.nio.charset.StandardCharsets;
import loquet.user.User;

/** The avatar of someone who has not uploaded one: their initials on a colour of their own. */
final class DefaultAvatar {

    private static final String[] COLOURS = {
        "#2f5bd3", "#1e7f5c", "#a23d8e", "#b4570c", "#2a7d99", "#6b4fc8", "#b42f3c", "#4f6b12"
    };

    private DefaultAvatar() {
    }

    static byte[] svg(User user) {
        String colour = COLOURS[(int) Math.floorMod(user.id() * 2654435761L, COLOURS.length)];
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\" width=\"64\" height=\"64\">"
                + "<rect width=\"64\" height=\"64\" fill=\"" + colour + "\"/>"
                + "<text x=\"32\" y=\"33\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"#ffffff\""
                + " font-family=\"system-ui, sans-serif\" font-size=\"26\" font-weight=\"600\">"
                + escape(user.initials()) + "</text></svg>";
        return svg.getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
