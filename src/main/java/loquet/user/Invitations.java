package loquet.user;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.security.Tokens;
import org.jooq.DSLContext;

/** An account made without a password waits, "invited", until its owner chooses one through the mailed link. */
public final class Invitations {

    private final DSLContext dsl;
    private final PasswordLinks links;
    private final MailQueue mail;
    private final Mails mails;
    private final AuditLog audit;
    private final Duration validFor;
    private final Clock clock;

    public Invitations(DSLContext dsl, Accounts accounts, MailQueue mail, Mails mails, AuditLog audit, Duration validFor, Clock clock) {
        this.audit = audit;
        this.dsl = dsl;
        this.links = new PasswordLinks(dsl, accounts, UserTokenDao.Kind.INVITE, user -> user.status() == User.Status.INVITED, clock);
        this.mail = mail;
        this.mails = mails;
        this.validFor = validFor;
        this.clock = clock;
    }

    /**
     * Mails a new invitation (the older link stops working).
     *
     * @param inviter who invites, named in the mail and signing it; null for the command line
     */
    public void send(User invitee, User inviter, String fallbackLanguage) {
        if (invitee.status() != User.Status.INVITED) {
            throw new IllegalStateException(invitee.username() + " is not waiting for an invitation");
        }
        String token = Tokens.newToken();
        long now = clock.millis();
        String inviterName = inviter == null ? "Loquet" : inviter.displayName();
        String signature = inviter == null ? "" : inviter.signature();
        dsl.transaction(tx -> {
            new UserTokenDao(tx.dsl()).insertSuperseding(invitee.id(), UserTokenDao.Kind.INVITE, Tokens.hash(token), now,
                    now + validFor.toMillis(), null);
            mail.enqueue(tx.dsl(), mails.invitation(Recipients.of(invitee, fallbackLanguage), invitee.username(),
                    inviterName, signature, "/invite/" + token, validFor));
        });
    }

    public Optional<User> usable(String token) {
        return links.usable(token);
    }

    /** Sets the first password; the invitee then signs in like everyone else. */
    public LinkOutcome accept(String token, String password, String confirm) {
        LinkOutcome outcome = links.choosePassword(token, password, confirm, null);
        if (outcome instanceof LinkOutcome.Done done) {
            audit.record(new AuditLog.Actor(done.user().id(), done.user().username(), ""), "invitation.accepted", done.user().id(),
                    done.user().username(), "");
        }
        return outcome;
    }
}
