package loquet.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loquet.i18n.Messages;

/**
 * An entry of the audit log as a sentence in the reader's language: "ada set a temporary
 * password for manny", "La ligne de commande a désactivé la double authentification de ada".
 * <p>
 * Entries store English facts (the action's name, who acted as the log names them, a detail
 * such as "temporary"); each action has a sentence {@code audit.<action>} in the bundles,
 * with variants ({@code audit.<action>.<variant>}, {@code ….self} when one acts on oneself)
 * for the details it knows how to read. A detail it cannot read, an old row's or a new
 * action's, is shown as stored, and an action without a sentence falls back to its name:
 * nothing recorded is ever hidden.
 */
public final class AuditSentences {

    /**
     * A piece of a sentence: words, or a name (of an account, team, role, app or key), which
     * may link to its page.
     */
    public record Part(String text, String href, boolean name) {
        static Part words(String text) {
            return new Part(text, null, false);
        }

        static Part name(String text, String href) {
            return new Part(text, href, true);
        }
    }

    /** The sentence, and what else the entry says (translated where it can be), or "". */
    public record Sentence(List<Part> parts, String detail) {
        /** The sentence as plain text, e.g. for a test or a title. */
        public String text() {
            var text = new StringBuilder();
            parts.forEach(part -> text.append(part.text()));
            return text.toString();
        }
    }

    private static final String ANONYMOUS = "(anonymous)";
    private static final String COMMAND_LINE = "(command line)";
    private static final String OLD_ADDRESS_LINK = "(link to the old address)";
    private static final Pattern VIA_KEY = Pattern.compile("(.+) \\(API key: (.*)\\)");
    private static final Pattern APP = Pattern.compile("app (.+)");
    private static final Pattern CHANGE = Pattern.compile("(.+) → (.+)");
    private static final Pattern COUNT = Pattern.compile("(\\d+) .*");
    private static final Pattern KEY_WITH_PREFIX = Pattern.compile("(.*) \\(([^()]*…)\\)");
    /** Between the settings of a detail, in any language (a comma is inside them already). */
    private static final String SEPARATOR = " · ";
    /** Marks where an argument made of parts goes in a formatted sentence; private-use characters no bundle holds. */
    private static final Pattern SLOT = Pattern.compile("\uE000(\\d+)\uE001");

    private final Messages messages;
    private final BiFunction<Long, String, String> userPage;

    /**
     * @param userPage the page of an account by its id and the name the entry holds, or null
     *                 where there is none to show: deleted, renamed since, or out of the reader's reach
     */
    public AuditSentences(Messages messages, BiFunction<Long, String, String> userPage) {
        this.messages = messages;
        this.userPage = userPage;
    }

    /** The label of an action, for the filter; its name when it has none. */
    public String label(String action) {
        String key = "audit.label." + action;
        return messages.has(key) ? messages.get(key) : action;
    }

    public Sentence of(AuditDao.Entry entry) {
        var reading = read(entry);
        String key = "audit." + entry.action();
        if (!messages.has(key)) {
            return new Sentence(capitalized(format(entry.targetName().isEmpty() ? "audit.unknown.no_target" : "audit.unknown",
                    actor(entry), target(entry), List.of(Part.words(entry.action())))), entry.detail());
        }
        boolean self = entry.actorId() != null && entry.actorId().equals(entry.targetId());
        String chosen = choose(key, reading.variant(), self, entry.targetName().isEmpty());
        // A detail the chosen sentence does not carry is shown beside it, as stored.
        boolean carried = reading.variant() == null || chosen.startsWith(key + "." + reading.variant());
        String detail = carried ? reading.detail() : entry.detail();
        var args = new ArrayList<Object>();
        args.add(actor(entry));
        args.add(target(entry));
        args.addAll(reading.args());
        return new Sentence(capitalized(format(chosen, args.toArray())), detail);
    }

    /** The most precise sentence the bundles have: variant and self, variant, self, plain; without a target when there is none. */
    private String choose(String key, String variant, boolean self, boolean noTarget) {
        List<String> candidates = new ArrayList<>();
        if (variant != null) {
            if (self) {
                candidates.add(key + "." + variant + ".self");
            }
            candidates.add(key + "." + variant);
        }
        if (noTarget) {
            candidates.add(key + ".no_target");
        }
        if (self) {
            candidates.add(key + ".self");
        }
        return candidates.stream().filter(messages::has).findFirst().orElse(key);
    }

    /** What the sentence makes of a detail: a variant and its arguments, and what is left to show beside it. */
    private record Reading(String variant, List<Object> args, String detail) {
        static Reading as(String variant, Object... args) {
            return new Reading(variant, List.of(args), "");
        }

        static Reading shown(String detail) {
            return new Reading(null, List.of(), detail);
        }
    }

    private Reading read(AuditDao.Entry entry) {
        String detail = entry.detail();
        Matcher change = CHANGE.matcher(detail);
        Matcher count = COUNT.matcher(detail);
        return switch (entry.action()) {
            case "password.set" -> detail.equals("temporary") ? Reading.as("temporary") : Reading.shown(detail);
            case "user.created" -> detail.equals("invited") ? Reading.as("invited") : Reading.shown(detail);
            // The sentence says how; the actor says who.
            case "password.reset", "2fa.disabled", "sign_in.locked", "invitation.accepted" -> Reading.shown("");
            case "team.renamed" -> change.matches() ? Reading.as("from", names(change.group(1))) : Reading.shown(detail);
            case "email.change_requested", "email.changed" -> change.matches()
                    ? Reading.as("addresses", names(change.group(1)), names(change.group(2))) : Reading.shown(detail);
            case "team.deleted", "session.revoked", "user.signed_out", "app.code_reused", "app.refresh_reused" -> count.matches()
                    ? Reading.as("count", Long.parseLong(count.group(1))) : Reading.shown(detail);
            case "app.token_revoked" -> detail.endsWith("by the app") ? Reading.as("by_app")
                    : count.matches() ? Reading.as("count", Long.parseLong(count.group(1))) : Reading.shown(detail);
            case "app.refused" -> detail.equals("the person said no") ? Reading.as("declined")
                    : detail.equals("not among the roles and teams allowed") ? Reading.as("not_allowed") : Reading.shown(detail);
            case "api_key.created" -> {
                Matcher key = KEY_WITH_PREFIX.matcher(detail);
                yield key.matches() ? new Reading("named", List.of(names(key.group(1))), key.group(2)) : Reading.shown(detail);
            }
            case "api_key.revoked" -> detail.isEmpty() ? Reading.shown("") : Reading.as("named", names(detail));
            case "passkey.added", "passkey.removed", "passkey.cloned" -> detail.isEmpty() ? Reading.shown("") : Reading.as("named", names(detail));
            case "passkey.renamed" -> change.matches() ? Reading.as("names", names(change.group(1)), names(change.group(2))) : Reading.shown(detail);
            case "sign_in.failed" -> Reading.shown(messages.has("history.reason." + detail) ? messages.get("history.reason." + detail) : detail);
            case "app.consent", "app.sign_in" -> Reading.shown(detail.matches("(allowed|scope) .+")
                    ? messages.get("audit.detail.scopes", detail.substring(detail.indexOf(' ') + 1)) : detail);
            case "user.updated" -> Reading.shown(detail.isEmpty() ? "" : messages.get("audit.detail.changed", accountChanges(detail)));
            case "role.created", "role.updated" -> Reading.shown(roleSettings(detail));
            case "app.created", "app.updated" -> Reading.shown(appSettings(detail));
            case "app.deleted" -> Reading.shown(detail.isEmpty() ? "" : messages.get("audit.detail.client_id", detail));
            default -> Reading.shown(detail);
        };
    }

    /** "username, email a → b, role user → 4": each change by its translated name. */
    private String accountChanges(String detail) {
        List<String> changes = new ArrayList<>();
        for (String change : detail.split(", ")) {
            Matcher email = Pattern.compile("email (.+) → (.+)").matcher(change);
            Matcher role = Pattern.compile("role (.+)").matcher(change);
            changes.add(email.matches() ? messages.get("audit.field.email", email.group(1), email.group(2))
                    : role.matches() ? messages.get("audit.field.role", role.group(1))
                    : messages.has("audit.field." + change) ? messages.get("audit.field." + change) : change);
        }
        return String.join(", ", changes);
    }

    /** "2fa required; [users.read, audit.read]". */
    private String roleSettings(String detail) {
        List<String> settings = new ArrayList<>();
        for (String setting : detail.split("; ")) {
            if (setting.equals("2fa required")) {
                settings.add(messages.get("audit.detail.two_factor_required"));
            } else if (setting.matches("\\[.*]")) {
                settings.add(messages.get("audit.detail.permissions", setting.substring(1, setting.length() - 1)));
            } else if (!setting.isEmpty()) {
                settings.add(setting);
            }
        }
        return String.join(SEPARATOR, settings);
    }

    /** "confidential; redirect URIs: https://…; roles [2]; no consent screen". */
    private String appSettings(String detail) {
        List<String> settings = new ArrayList<>();
        for (String setting : detail.split("; ")) {
            int space = setting.indexOf(' ');
            String head = space < 0 ? setting : setting.substring(0, space);
            String rest = space < 0 ? "" : setting.substring(space + 1);
            if (messages.has("admin.apps.type." + setting)) {
                settings.add(messages.get("admin.apps.type." + setting));
            } else if (setting.equals("no consent screen")) {
                settings.add(messages.get("audit.detail.no_consent"));
            } else if (setting.startsWith("redirect URIs: ")) {
                settings.add(messages.get("audit.detail.redirect_uris", setting.substring("redirect URIs: ".length())));
            } else if (List.of("host", "roles", "teams").contains(head)) {
                settings.add(messages.get("audit.detail." + head, rest));
            } else {
                settings.add(setting);
            }
        }
        return String.join(SEPARATOR, settings);
    }

    /** Who acted: an account (linked to its page), an account through one of its keys, an app, or the log's own names. */
    private List<Part> actor(AuditDao.Entry entry) {
        String name = entry.actorName();
        if (entry.actorId() == null) {
            switch (name) {
                case ANONYMOUS -> {
                    return List.of(Part.words(messages.get("audit.actor.anonymous")));
                }
                case COMMAND_LINE -> {
                    return List.of(Part.words(messages.get("audit.actor.command_line")));
                }
                case OLD_ADDRESS_LINK -> {
                    return List.of(Part.words(messages.get("audit.actor.old_address_link")));
                }
                default -> {
                    Matcher app = APP.matcher(name);
                    if (app.matches()) {
                        return format("audit.actor.app", names(app.group(1)));
                    }
                    return names(name);
                }
            }
        }
        Matcher viaKey = VIA_KEY.matcher(name);
        if (viaKey.matches()) {
            return format("audit.actor.api_key", account(entry.actorId(), viaKey.group(1)), names(viaKey.group(2)));
        }
        return account(entry.actorId(), name);
    }

    /** Whom it was done to: an account (linked), or a team, role or app by name. */
    private List<Part> target(AuditDao.Entry entry) {
        String name = entry.targetName();
        if (name.isEmpty()) {
            return List.of(Part.words("—"));
        }
        boolean account = !entry.action().startsWith("team.") && !entry.action().startsWith("role.") && !entry.action().startsWith("app.");
        return account ? account(entry.targetId(), name) : names(name);
    }

    private List<Part> account(Long id, String name) {
        return List.of(Part.name(name, id == null ? null : userPage.apply(id, name)));
    }

    private static List<Part> names(String name) {
        return List.of(Part.name(name, null));
    }

    /**
     * Formats a sentence whose arguments may be parts (names, links): each goes in as a
     * marker, and the text is cut at the markers. A name never passes through MessageFormat,
     * so nothing in it is read as a pattern.
     */
    private List<Part> format(String key, Object... args) {
        Object[] plain = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            plain[i] = args[i] instanceof List<?> ? "\uE000" + i + "\uE001" : args[i];
        }
        String text = messages.get(key, plain);
        List<Part> parts = new ArrayList<>();
        Matcher slot = SLOT.matcher(text);
        int at = 0;
        while (slot.find()) {
            if (slot.start() > at) {
                parts.add(Part.words(text.substring(at, slot.start())));
            }
            for (Object part : (List<?>) args[Integer.parseInt(slot.group(1))]) {
                parts.add((Part) part);
            }
            at = slot.end();
        }
        if (at < text.length()) {
            parts.add(Part.words(text.substring(at)));
        }
        return parts;
    }

    /** "La ligne de commande a…": a sentence that opens with words, not a name, starts with a capital. */
    private static List<Part> capitalized(List<Part> parts) {
        if (parts.isEmpty() || parts.get(0).name() || parts.get(0).text().isEmpty()) {
            return parts;
        }
        var first = parts.get(0);
        var result = new ArrayList<>(parts);
        result.set(0, Part.words(first.text().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + first.text().substring(1)));
        return result;
    }
}
