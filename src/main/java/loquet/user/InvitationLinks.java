package loquet.user;

import java.time.Clock;
import java.time.Duration;
import loquet.audit.AuditLog;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.security.Tokens;
import org.jooq.DSLContext;

/**
 * The invitation an account without a password gets, when it is made and when it is sent
 * again: a single-use link valid for days (the newest one only), and its mail, signed by
 * whoever invites. Choosing the password through it is {@code credentials.Invitations}.
 */
final class InvitationLinks {

    private final MailQueue mail;
    private final Mails mails;
    private final AuditLog audit;
    private final Duration validFor;
    private final Clock clock;

    InvitationLinks(MailQueue mail, Mails mails, AuditLog audit, Duration validFor, Clock clock) {
        this.mail = mail;
        this.mails = mails;
        this.audit = audit;
        this.validFor = validFor;
        this.clock = clock;
    }

    /** An invitation link (superseding older ones) and its mail, in the caller's transaction, named after the actor. */
    void issue(DSLContext tx, Actor actor, User invitee, String language) {
        String token = Tokens.newToken();
        long now = clock.millis();
        String signature = actor.isOperator() ? "" : actor.user().signature();
        new UserTokenDao(tx).insertSuperseding(invitee.id(), UserTokenDao.Kind.INVITE, Tokens.hash(token), now,
                now + validFor.toMillis(), null);
        mail.enqueue(tx, mails.invitation(Recipients.of(invitee, language), invitee.username(), Passwords.origin(actor), signature,
                "/invite/" + token, validFor));
        audit.record(tx, actor.audit(), "invitation.sent", invitee.id(), invitee.username(), "");
    }
}
