package loquet.credentials;

import java.time.Clock;
import java.util.Optional;
import loquet.audit.AuditLog;
import loquet.user.Passwords;
import loquet.user.User;
import loquet.user.UserTokenDao;
import org.jooq.DSLContext;

/**
 * An account made without a password waits, "invited", until its owner chooses one
 * through the mailed link (sent by {@link loquet.user.Accounts} when the account is made
 * or the invitation sent again).
 */
public final class Invitations {

    private final PasswordLinks links;

    public Invitations(DSLContext dsl, Passwords passwords, AuditLog audit, Clock clock) {
        this.links = new PasswordLinks(dsl, passwords, audit, UserTokenDao.Kind.INVITE, user -> user.status() == User.Status.INVITED,
                clock);
    }

    public Optional<User> usable(String token) {
        return links.usable(token);
    }

    /** Sets the first password; the invitee then signs in like everyone else. */
    public LinkOutcome accept(String token, String password, String confirm, String ip) {
        return links.choosePassword(token, password, confirm, null, new PasswordLinks.Record("invitation.accepted", ""), ip);
    }
}
