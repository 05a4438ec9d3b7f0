package loquet.credentials;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import loquet.audit.AuditLog;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.security.SecretBox;
import loquet.security.ServerKey;
import loquet.security.Totp;
import loquet.user.Accounts;
import loquet.user.Actor;
import loquet.user.Passwords;
import loquet.user.Permissions;
import loquet.user.Recipients;
import loquet.user.User;
import loquet.user.UserDao;
import org.jooq.DSLContext;

/**
 * TOTP two-factor sign-in: enrolment (a secret that counts only once a code proves the
 * app has it), checking codes without replay, single-use recovery codes, and turning it off.
 */
public final class TwoFactor {

    public static final int RECOVERY_CODES = 10;
    private static final String CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Check { CODE, RECOVERY_CODE, WRONG }

    /** An enrolment in progress: the secret is shown until a code confirms it, never after. */
    public record Enrolment(String secret, String uri) {
    }

    private final DSLContext dsl;
    private final Totp totp = new Totp(6);
    private final SecretBox box;
    private final ServerKey serverKey;
    private final String issuer;
    private final MailQueue mail;
    private final Mails mails;
    private final Permissions permissions;
    private final AuditLog audit;
    private final Clock clock;

    public TwoFactor(DSLContext dsl, ServerKey serverKey, String issuer, MailQueue mail, Mails mails, Permissions permissions,
                     AuditLog audit, Clock clock) {
        this.dsl = dsl;
        this.permissions = permissions;
        this.audit = audit;
        this.box = new SecretBox(serverKey.derive("totp-secrets"));
        this.serverKey = serverKey;
        this.issuer = issuer;
        this.mail = mail;
        this.mails = mails;
        this.clock = clock;
    }

    public boolean required(User user) {
        return new UserDao(dsl).roleRequiresTwoFactor(user.roleId());
    }

    /** True when the app's codes are the second factor the person's role requires: a passkey would serve as well. */
    public boolean appRequired(User user) {
        return !user.hasPasskey() && required(user);
    }

    /** The pending secret (made on first use, kept across reloads so a half-done scan still works). */
    public Enrolment enrolment(User user) {
        var users = new UserDao(dsl);
        var state = users.totpState(user.id());
        if (state.enabledAt() != null) {
            throw new IllegalStateException("two-factor is already on for " + user.username());
        }
        String secret;
        if (state.sealedSecret() == null) {
            secret = Totp.newSecret();
            users.setTotp(user.id(), box.seal(secret), null, 0, clock.millis());
        } else {
            secret = box.open(state.sealedSecret());
        }
        return new Enrolment(secret, totp.uri(issuer, user.username(), secret));
    }

    /** Turns two-factor on when the code matches the pending secret; returns the recovery codes to show once. */
    public java.util.Optional<List<String>> confirm(Actor owner, String code) {
        User user = owner.user();
        var users = new UserDao(dsl);
        var state = users.totpState(user.id());
        if (state.enabledAt() != null || state.sealedSecret() == null) {
            return java.util.Optional.empty();
        }
        OptionalLong step = totp.matchingStep(box.open(state.sealedSecret()), normalise(code), clock.instant());
        if (step.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<String> codes = newRecoveryCodes();
        dsl.transaction(tx -> {
            new UserDao(tx.dsl()).setTotp(user.id(), state.sealedSecret(), clock.millis(), step.getAsLong(), clock.millis());
            new RecoveryCodeDao(tx.dsl()).replace(user.id(), codes.stream().map(this::hash).toList(), clock.millis());
            audit.record(tx.dsl(), owner.audit(), "2fa.enabled", user.id(), user.username(), "");
        });
        return java.util.Optional.of(codes);
    }

    /** The second sign-in step: a code from the app (not used before) or an unused recovery code. */
    public Check check(User user, String input) {
        String code = normalise(input);
        var users = new UserDao(dsl);
        var state = users.totpState(user.id());
        if (state.enabledAt() == null || code.isEmpty()) {
            return Check.WRONG;
        }
        if (code.matches("\\d{6}")) {
            OptionalLong step = totp.matchingStep(box.open(state.sealedSecret()), code, clock.instant());
            return step.isPresent() && users.advanceTotpStep(user.id(), step.getAsLong()) ? Check.CODE : Check.WRONG;
        }
        return new RecoveryCodeDao(dsl).use(user.id(), hash(code), clock.millis()) ? Check.RECOVERY_CODE : Check.WRONG;
    }

    public int unusedRecoveryCodes(User user) {
        return new RecoveryCodeDao(dsl).unused(user.id());
    }

    /** New recovery codes for the owner; the old ones stop working. */
    public List<String> regenerateRecoveryCodes(Actor owner) {
        User user = owner.user();
        List<String> codes = newRecoveryCodes();
        dsl.transaction(tx -> {
            new RecoveryCodeDao(tx.dsl()).replace(user.id(), codes.stream().map(this::hash).toList(), clock.millis());
            audit.record(tx.dsl(), owner.audit(), "2fa.recovery_codes", user.id(), user.username(), "");
        });
        return codes;
    }

    /**
     * The owner turns the app's codes off (their password checked by the caller); false when
     * their role requires two-factor and they have no passkey for it. They get a mail.
     */
    public boolean disableOwn(Actor owner, String language) {
        if (appRequired(owner.user())) {
            return false;
        }
        turnOff(owner, owner.user(), new Passwords.Notice(owner.ip(), language), "", false);
        return true;
    }

    /**
     * For a lost phone or security key, once the admin (or the operator) knows who asks: the
     * app code and every passkey go, the person signs in with the password alone, and is
     * told by mail. One's own goes through the profile.
     */
    public Accounts.Result disableFor(Actor actor, User target, String language) {
        if (!permissions.canManage(actor, target)) {
            return new Accounts.Result.Refused(Accounts.Refusal.OUT_OF_REACH);
        }
        if (actor.is(target)) {
            return new Accounts.Result.Refused(Accounts.Refusal.SELF);
        }
        if (!target.twoFactor()) {
            return new Accounts.Result.Refused(Accounts.Refusal.NOT_APPLICABLE);
        }
        turnOff(actor, target, new Passwords.Notice(Passwords.origin(actor), language),
                actor.isOperator() ? "from the command line" : "by an administrator", true);
        return new Accounts.Result.Done(target);
    }

    private void turnOff(Actor actor, User user, Passwords.Notice notice, String detail, boolean andPasskeys) {
        dsl.transaction(tx -> {
            new UserDao(tx.dsl()).setTotp(user.id(), null, null, 0, clock.millis());
            new RecoveryCodeDao(tx.dsl()).deleteAllOf(user.id());
            if (andPasskeys) {
                new loquet.passkeys.PasskeyDao(tx.dsl()).deleteAllOf(user.id());
            }
            mail.enqueue(tx.dsl(), mails.twoFactorDisabled(Recipients.of(user, notice.language()), clock.instant(), notice.origin()));
            audit.record(tx.dsl(), actor.audit(), "2fa.disabled", user.id(), user.username(), detail);
        });
    }

    private List<String> newRecoveryCodes() {
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            var code = new StringBuilder();
            for (int c = 0; c < 10; c++) {
                if (c == 5) {
                    code.append('-');
                }
                code.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** Keyed with the server key: a copy of the database alone does not let anyone test guesses. */
    private String hash(String code) {
        return serverKey.sign("recovery-codes", code);
    }

    /** Spaces, dashes and case do not matter: "ABCDE FGHJK" is "abcde-fghjk". */
    private static String normalise(String input) {
        if (input == null) {
            return "";
        }
        String compact = input.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return compact.length() == 10 && !compact.matches("\\d+") ? compact.substring(0, 5) + "-" + compact.substring(5) : compact;
    }
}
