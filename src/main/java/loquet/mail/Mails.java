package loquet.mail;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import loquet.i18n.Languages;
import loquet.i18n.Messages;
import loquet.i18n.Times;

/** Writes each kind of message Loquet sends, in the recipient's language, with absolute links. */
public final class Mails {

    private final TemplateEngine engine;
    private final Languages languages;
    private final String baseUrl;

    /** @param engine the precompiled templates, shared with the pages */
    public Mails(TemplateEngine engine, Languages languages, String baseUrl) {
        this.engine = engine;
        this.languages = languages;
        this.baseUrl = baseUrl;
    }

    /** The precompiled templates of the jar (pages and mails); made once, since each engine keeps its own cache. */
    public static TemplateEngine templates() {
        return TemplateEngine.createPrecompiled(null, ContentType.Html, null, "loquet.templates");
    }

    /** An absolute link: always from LOQUET_BASE_URL, never from a request's Host header. */
    public String link(String path) {
        return baseUrl + path;
    }

    /** A link to choose a new password: asked for on the sign-in page (by the owner, as far as anyone knows), or sent by an administrator. */
    public OutgoingMail passwordReset(Recipient to, String path, Duration validFor, Origin origin) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.reset.subject"),
                List.of(m.get(origin.key("mail.reset.intro"), origin.name())),
                m.get("mail.reset.action"), link(path),
                List.of(m.get("mail.valid_for", validFor.toMinutes()),
                        m.get(origin.kind() == Origin.Kind.OWNER ? "mail.reset.ignore" : "mail.reset.ignore_unexpected")), "");
    }

    /** The invitation to choose a first password, from an administrator (signed by them) or the command line. */
    public OutgoingMail invitation(Recipient to, String username, Origin origin, String signature, String path, Duration validFor) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.invite.subject"),
                List.of(m.get(byAdministrator("mail.invite.intro", origin), origin.name()), m.get("mail.invite.username", username)),
                m.get("mail.invite.action"), link(path),
                List.of(m.get("mail.valid_for_days", validFor.toDays())), signature);
    }

    /** The owner changed it (from an address), or an administrator set it, perhaps as a temporary one. */
    public OutgoingMail passwordChanged(Recipient to, Instant at, Origin origin, boolean temporary) {
        Messages m = languages.messages(to.language());
        var paragraphs = new ArrayList<String>();
        paragraphs.add(m.get(origin.key("mail.changed.intro"), when(at, to, m), origin.name()));
        if (temporary) {
            paragraphs.add(m.get("mail.changed.temporary"));
        }
        paragraphs.add(notYou(origin, m));
        return compose(to, m, m.get("mail.changed.subject"), paragraphs, null, null, List.of(), "");
    }

    public OutgoingMail emailConfirmation(Recipient to, String path, Duration validFor) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.email_confirm.subject"),
                List.of(m.get("mail.email_confirm.intro", to.email())),
                m.get("mail.email_confirm.action"), link(path),
                List.of(m.get("mail.valid_for_hours", validFor.toHours()), m.get("mail.email_confirm.ignore")), "");
    }

    /** To the old address: what was asked, and a link that cancels it. */
    public OutgoingMail emailChangeRequested(Recipient to, String newEmail, String cancelPath) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.email_change.subject"),
                List.of(m.get("mail.email_change.intro", newEmail), m.get("mail.email_change.not_you")),
                m.get("mail.email_change.cancel"), link(cancelPath), List.of(m.get("mail.email_change.cancel_note")), "");
    }

    /** To the owner of an address someone asked to use for another account: no link, nothing to do. */
    public OutgoingMail emailInUse(Recipient to) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.email_in_use.subject"),
                List.of(m.get("mail.email_in_use.intro"), m.get("mail.email_in_use.ignore")), null, null, List.of(), "");
    }

    /** To the old address, when someone who may set passwords moved the account to another one. */
    public OutgoingMail emailChanged(Recipient to, String newEmail, Origin origin) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.email_changed.subject"),
                List.of(m.get(byAdministrator("mail.email_changed.intro", origin), newEmail, origin.name()),
                        m.get("mail.email_changed.not_you")),
                null, null, List.of(), "");
    }

    public OutgoingMail twoFactorDisabled(Recipient to, Instant at, Origin origin) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.2fa_off.subject"),
                List.of(m.get(origin.key("mail.2fa_off.intro"), when(at, to, m), origin.name()), notYou(origin, m)),
                null, null, List.of(), "");
    }

    /** A passkey was added: the owner did it (it takes a recent password), so "not you" means the password is known. */
    public OutgoingMail passkeyAdded(Recipient to, String name, Instant at, Origin origin) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.passkey_added.subject"),
                List.of(m.get("mail.passkey_added.intro", name, when(at, to, m), origin.name()), notYou(origin, m)),
                null, null, List.of(), "");
    }

    public OutgoingMail passkeyRemoved(Recipient to, String name, Instant at, Origin origin) {
        Messages m = languages.messages(to.language());
        return compose(to, m, m.get("mail.passkey_removed.subject"),
                List.of(m.get(origin.key("mail.passkey_removed.intro"), name, when(at, to, m), origin.name()),
                        notYou(origin, m)),
                null, null, List.of(), "");
    }

    /** What to do about a change one did not make: a reset of one's own password, or a word with the administrator. */
    private static String notYou(Origin origin, Messages m) {
        return m.get(origin.kind() == Origin.Kind.OWNER ? "mail.changed.not_you" : "mail.changed.unexpected");
    }

    /** What only an administrator does (never the owner): their own text, or the command line's. */
    private static String byAdministrator(String key, Origin origin) {
        return origin.kind() == Origin.Kind.COMMAND_LINE ? key + ".by_command_line" : key;
    }

    private OutgoingMail compose(Recipient to, Messages m, String subject, List<String> paragraphs,
                                 String actionLabel, String actionUrl, List<String> afterAction, String signature) {
        String greeting = to.name() == null || to.name().isBlank() ? m.get("mail.greeting_plain") : m.get("mail.greeting", to.name());
        var page = new MailPage(m.language(), subject, greeting, paragraphs,
                actionLabel, actionUrl, afterAction, signature == null ? "" : signature, m.get("mail.footer", baseUrl));
        var html = new StringOutput();
        engine.render("mail/message.jte", Map.of("page", page), html);
        return new OutgoingMail(to.email(), subject, page.text(), html.toString());
    }

    private static String when(Instant at, Recipient to, Messages m) {
        return Times.full(at, Times.zone(to.timezone()), m.locale());
    }
}
