package loquet.user;

import java.time.Clock;
import loquet.audit.AuditLog;
import loquet.i18n.Languages;
import loquet.i18n.Problems;
import org.jooq.DSLContext;

/** What a person does to their own account: their preferences, and ending the sessions they do not trust. */
public final class Profiles {

    private final DSLContext dsl;
    private final AuditLog audit;
    private final Clock clock;

    public Profiles(DSLContext dsl, AuditLog audit, Clock clock) {
        this.dsl = dsl;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Ends the owner's other sessions (a session they do not trust), and with them any
     * pending change of address such a session may have asked for.
     */
    public int endOtherSessions(Actor owner, String keepSessionId) {
        long now = clock.millis();
        return dsl.transactionResult(tx -> {
            int ended = new SessionDao(tx.dsl()).deleteAllOfExcept(owner.user().id(), keepSessionId);
            Passwords.voidEmailChanges(new UserTokenDao(tx.dsl()), owner.user().id(), now);
            audit.record(tx.dsl(), owner.audit(), "session.revoked", owner.user().id(), owner.user().username(), ended + " other sessions");
            return ended;
        });
    }

    /** Checks and saves what a person sets on their own profile. */
    public Problems updatePreferences(User user, UserDao.Preferences preferences) {
        var clean = new UserDao.Preferences(preferences.firstName().strip(), preferences.lastName().strip(),
                preferences.language(), preferences.timezone().strip(), preferences.theme(), AccountFields.cleanSignature(preferences.signature()));
        var problems = new Problems();
        AccountFields.checkNames(clean.firstName(), clean.lastName(), problems);
        if (!Languages.isSupported(clean.language())) {
            problems.add("language", "profile.language_invalid");
        }
        if (!TimeZones.isValid(clean.timezone())) {
            problems.add("timezone", "profile.timezone_invalid");
        }
        if (!AccountFields.THEMES.contains(clean.theme())) {
            problems.add("theme", "profile.theme_invalid");
        }
        AccountFields.checkSignature(clean.signature(), problems);
        if (problems.isEmpty()) {
            new UserDao(dsl).updatePreferences(user.id(), clean, clock.millis());
        }
        return problems;
    }
}
