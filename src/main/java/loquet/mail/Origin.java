package loquet.mail;

/**
 * Who had a mail sent, or made the change it tells of: the account's owner (or someone
 * posing as them, from an address), an administrator (by name), or whoever runs the
 * server's command line. The mail says so: "Someone (probably you) asked…" is only for
 * what its reader could have asked for themselves.
 *
 * @param name the owner's IP address, the administrator's name, or "" for the command line
 */
public record Origin(Kind kind, String name) {

    public enum Kind { OWNER, ADMINISTRATOR, COMMAND_LINE }

    public Origin {
        name = name == null ? "" : name;
    }

    public static Origin owner(String ip) {
        return new Origin(Kind.OWNER, ip);
    }

    public static Origin administrator(String name) {
        return new Origin(Kind.ADMINISTRATOR, name);
    }

    public static Origin commandLine() {
        return new Origin(Kind.COMMAND_LINE, "");
    }

    /** The bundle key of a text that depends on who acted: {@code base}, {@code base.by_admin} or {@code base.by_command_line}. */
    String key(String base) {
        return switch (kind) {
            case OWNER -> base;
            case ADMINISTRATOR -> base + ".by_admin";
            case COMMAND_LINE -> base + ".by_command_line";
        };
    }
}
