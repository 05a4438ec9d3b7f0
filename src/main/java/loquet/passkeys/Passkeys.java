package loquet.passkeys;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.exception.DataConversionException;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import loquet.audit.AuditLog;
import loquet.credentials.TwoFactor;
import loquet.i18n.Problems;
import loquet.mail.MailQueue;
import loquet.mail.Mails;
import loquet.user.Actor;
import loquet.user.Passwords;
import loquet.user.Permissions;
import loquet.user.Recipients;
import loquet.user.User;
import loquet.user.UserDao;
import org.jooq.DSLContext;

/**
 * Passkeys (WebAuthn): the options a browser needs to make or use one, and the checks of
 * what it answers (webauthn4j: the signature, the origin and relying party id, the
 * challenge, user presence and verification, the signature counter). Attestation is not
 * asked for ("none"): Loquet trusts the person who registers, not a make of authenticator.
 */
public final class Passkeys {

    public static final int NAME_MAX = 60;

    /** A passkey as the pages show it. */
    public record Passkey(long id, String name, long createdAt, Long lastUsedAt) {
    }

    public sealed interface Registration {
        record Added(Passkey passkey) implements Registration {
        }

        /** Problems keyed by field: "name", or "credential" for the browser's answer. */
        record Invalid(Problems problems) implements Registration {
        }
    }

    /** What a passkey sign-in or second step proved. */
    public sealed interface Assertion {
        /** @param userVerified whether the authenticator checked a PIN or fingerprint (a second factor on its own) */
        record Verified(long userId, long passkeyId, boolean userVerified) implements Assertion {
        }

        /** Not accepted; the reason is for the sign-in record, never shown (the answer is the same for all). */
        record Refused(String reason, Long userId) implements Assertion {
        }
    }

    public sealed interface Change {
        record Done() implements Change {
        }

        /** The one way left to sign in, or the second factor the role requires: kept. */
        record LastMethod() implements Change {
        }

        record NotFound() implements Change {
        }
    }

    /** Ids of the algorithms offered, most preferred first: ES256, EdDSA, RS256 (what authenticators make). */
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

    private final DSLContext dsl;
    private final RelyingParty relyingParty;
    private final Permissions permissions;
    private final TwoFactor twoFactor;
    private final MailQueue mail;
    private final Mails mails;
    private final AuditLog audit;
    private final Clock clock;
    private final Challenges challenges;

    /**
     * webauthn4j, made on the first ceremony rather than at start: its manager and its Jackson
     * mapper load a few thousand classes, which a server whose people use no passkey never
     * needs (start-up time, and memory after start). Both are thread-safe.
     */
    private static final class Library {
        static final WebAuthnManager MANAGER = WebAuthnManager.createNonStrictWebAuthnManager();
        static final AttestedCredentialDataConverter CREDENTIAL_DATA = new AttestedCredentialDataConverter(new ObjectConverter());
    }

    public Passkeys(DSLContext dsl, RelyingParty relyingParty, Permissions permissions, TwoFactor twoFactor, MailQueue mail, Mails mails,
                    AuditLog audit, Clock clock) {
        this.dsl = dsl;
        this.relyingParty = relyingParty;
        this.permissions = permissions;
        this.twoFactor = twoFactor;
        this.mail = mail;
        this.mails = mails;
        this.audit = audit;
        this.clock = clock;
        this.challenges = new Challenges(dsl, clock);
    }

    public RelyingParty relyingParty() {
        return relyingParty;
    }

    public List<Passkey> of(long userId) {
        return new PasskeyDao(dsl).of(userId).stream().map(Passkeys::shown).toList();
    }

    // ---- registration ---------------------------------------------------------------

    /**
     * PublicKeyCredentialCreationOptionsJSON for a new passkey of this user: a resident key
     * and user verification preferred, no attestation, the user's passkeys excluded (an
     * authenticator that holds one already says so instead of making a second).
     *
     * @param binding what the challenge is bound to: the asking session
     */
    public Map<String, Object> creationOptions(User user, String binding) {
        String challenge = challenges.issue(Challenges.Purpose.REGISTER, binding, user.id());
        var options = new LinkedHashMap<String, Object>();
        options.put("challenge", challenge);
        options.put("rp", Map.of("id", relyingParty.id(), "name", relyingParty.name()));
        options.put("user", Map.of("id", userHandle(user), "name", user.username(),
                "displayName", user.fullName().isEmpty() ? user.username() : user.fullName()));
        options.put("pubKeyCredParams", ALGORITHMS.stream()
                .map(p -> Map.of("type", "public-key", "alg", p.getAlg().getValue())).toList());
        options.put("timeout", Challenges.VALIDITY.toMillis());
        options.put("excludeCredentials", new PasskeyDao(dsl).of(user.id()).stream().map(Passkeys::descriptor).toList());
        options.put("authenticatorSelection", Map.of("residentKey", "preferred", "requireResidentKey", false,
                "userVerification", "preferred"));
        options.put("attestation", "none");
        return options;
    }

    /** Checks and keeps a new passkey (RegistrationResponseJSON); audited, and its owner told by mail. */
    public Registration register(Actor owner, String binding, String name, String responseJson, String language) {
        User user = owner.user();
        var problems = new Problems();
        String cleanName = checkName(name, problems);
        RegistrationData data;
        try {
            data = Library.MANAGER.parseRegistrationResponseJSON(responseJson == null ? "" : responseJson);
        } catch (RuntimeException e) {
            // Whatever the library throws on input it cannot read (a missing member is an NPE or an assertion of its own).
            problems.add("credential", "passkeys.response_invalid");
            return new Registration.Invalid(problems);
        }
        if (!problems.isEmpty()) {
            return new Registration.Invalid(problems);
        }
        var clientData = data.getCollectedClientData();
        var taken = clientData == null || clientData.getChallenge() == null ? Optional.<Challenges.Taken>empty()
                : challenges.take(Challenges.Purpose.REGISTER, binding, B64.encodeToString(clientData.getChallenge().getValue()));
        if (taken.isEmpty() || taken.get().userId() == null || taken.get().userId() != user.id()) {
            problems.add("credential", "passkeys.expired");
            return new Registration.Invalid(problems);
        }
        try {
            Library.MANAGER.verify(data, new RegistrationParameters(serverProperty(clientData.getChallenge().getValue()), ALGORITHMS, false, true));
        } catch (VerificationException | DataConversionException | IllegalArgumentException e) {
            problems.add("credential", "passkeys.response_invalid");
            return new Registration.Invalid(problems);
        }
        var authenticatorData = data.getAttestationObject().getAuthenticatorData();
        var attested = authenticatorData.getAttestedCredentialData();
        String credentialId = B64.encodeToString(attested.getCredentialId());
        long now = clock.millis();
        Set<AuthenticatorTransport> transports = data.getTransports() == null ? Set.of() : data.getTransports();
        var stored = new PasskeyDao.Stored(0, user.id(), credentialId, B64.encodeToString(Library.CREDENTIAL_DATA.convert(attested)),
                authenticatorData.getSignCount(), authenticatorData.isFlagUV(), authenticatorData.isFlagBE(), authenticatorData.isFlagBS(),
                transports.stream().map(AuthenticatorTransport::getValue).sorted().collect(Collectors.joining(" ")), cleanName, now, null);
        Optional<Passkey> added = dsl.transactionResult(tx -> {
            var passkeys = new PasskeyDao(tx.dsl());
            // Unique across accounts (the constraint backs this): a credential leads to one account only.
            if (passkeys.credentialTaken(credentialId)) {
                return Optional.empty();
            }
            long id = passkeys.insert(stored);
            audit.record(tx.dsl(), owner.audit(), "passkey.added", user.id(), user.username(), cleanName);
            mail.enqueue(tx.dsl(), mails.passkeyAdded(Recipients.of(user, language), cleanName, clock.instant(),
                    new Passwords.Notice(owner.ip(), language).origin()));
            return Optional.of(new Passkey(id, cleanName, now, null));
        });
        if (added.isEmpty()) {
            problems.add("credential", "passkeys.already_registered");
            return new Registration.Invalid(problems);
        }
        return new Registration.Added(added.get());
    }

    // ---- use -------------------------------------------------------------------------

    /** PublicKeyCredentialRequestOptionsJSON for a sign-in without a password: any passkey of this site (discoverable). */
    public Map<String, Object> signInOptions(String binding) {
        return requestOptions(challenges.issue(Challenges.Purpose.SIGN_IN, binding, null), List.of(), "required");
    }

    /** The same for the second step of this user's sign-in: one of their passkeys. */
    public Map<String, Object> secondStepOptions(User user, String binding) {
        return requestOptions(challenges.issue(Challenges.Purpose.SECOND_STEP, binding, user.id()),
                new PasskeyDao(dsl).of(user.id()), "preferred");
    }

    private Map<String, Object> requestOptions(String challenge, List<PasskeyDao.Stored> allowed, String userVerification) {
        var options = new LinkedHashMap<String, Object>();
        options.put("challenge", challenge);
        options.put("rpId", relyingParty.id());
        options.put("timeout", Challenges.VALIDITY.toMillis());
        options.put("allowCredentials", allowed.stream().map(Passkeys::descriptor).toList());
        options.put("userVerification", userVerification);
        return options;
    }

    /**
     * Checks a passwordless sign-in (AuthenticationResponseJSON): the passkey must have
     * verified its user (PIN, fingerprint), since it stands for both factors.
     */
    public Assertion verifySignIn(String binding, String responseJson, String ip) {
        return verify(Challenges.Purpose.SIGN_IN, binding, responseJson, null, ip);
    }

    /** Checks the second step of this user's sign-in: presence is enough, the password came first. */
    public Assertion verifySecondStep(User user, String binding, String responseJson, String ip) {
        return verify(Challenges.Purpose.SECOND_STEP, binding, responseJson, user, ip);
    }

    private Assertion verify(Challenges.Purpose purpose, String binding, String responseJson, User expected, String ip) {
        Long expectedId = expected == null ? null : expected.id();
        AuthenticationData data;
        try {
            data = Library.MANAGER.parseAuthenticationResponseJSON(responseJson == null ? "" : responseJson);
        } catch (RuntimeException e) {
            // As for registration: unreadable input, whatever the library threw.
            return new Assertion.Refused("passkey_invalid", expectedId);
        }
        var clientData = data.getCollectedClientData();
        if (clientData == null || clientData.getChallenge() == null || data.getCredentialId() == null) {
            return new Assertion.Refused("passkey_invalid", expectedId);
        }
        byte[] challenge = clientData.getChallenge().getValue();
        var taken = challenges.take(purpose, binding, B64.encodeToString(challenge));
        if (taken.isEmpty() || (expected != null && !expectedId.equals(taken.get().userId()))) {
            return new Assertion.Refused("passkey_challenge", expectedId);
        }
        var passkeys = new PasskeyDao(dsl);
        var stored = passkeys.findByCredential(B64.encodeToString(data.getCredentialId()));
        if (stored.isEmpty() || (expected != null && stored.get().userId() != expected.id())) {
            return new Assertion.Refused("passkey_unknown", expectedId);
        }
        var passkey = stored.get();
        var owner = new UserDao(dsl).findById(passkey.userId()).orElse(null);
        byte[] userHandle = data.getUserHandle();
        if (owner == null || userHandle != null && !Arrays.equals(userHandle, userHandleBytes(owner))) {
            return new Assertion.Refused("passkey_unknown", expectedId);
        }
        var record = new CredentialRecordImpl(null, passkey.uvInitialized(), passkey.backupEligible(), passkey.backupState(),
                passkey.signCount(), Library.CREDENTIAL_DATA.convert(B64_DECODE.decode(passkey.credentialData())), null, null, null,
                transportsOf(passkey));
        try {
            Library.MANAGER.verify(data, new AuthenticationParameters(serverProperty(challenge), record,
                    List.of(B64_DECODE.decode(passkey.credentialId())), purpose == Challenges.Purpose.SIGN_IN, true));
        } catch (MaliciousCounterValueException e) {
            cloned(owner, passkey, ip);
            return new Assertion.Refused("passkey_cloned", owner.id());
        } catch (UserNotVerifiedException e) {
            return new Assertion.Refused("passkey_unverified", owner.id());
        } catch (VerificationException | DataConversionException | IllegalArgumentException e) {
            return new Assertion.Refused("passkey_invalid", owner.id());
        }
        var authenticatorData = data.getAuthenticatorData();
        if (!passkeys.recordUse(passkey.id(), passkey.signCount(), authenticatorData.getSignCount(), authenticatorData.isFlagBS(),
                clock.millis())) {
            cloned(owner, passkey, ip); // another use with this counter got there first
            return new Assertion.Refused("passkey_cloned", owner.id());
        }
        return new Assertion.Verified(owner.id(), passkey.id(), authenticatorData.isFlagUV());
    }

    /** A counter that went backwards or stood still: two devices hold this key. Refused, and audited for the admins. */
    private void cloned(User owner, PasskeyDao.Stored passkey, String ip) {
        audit.record(new AuditLog.Actor(null, "(anonymous)", ip), "passkey.cloned", owner.id(), owner.username(), passkey.name());
    }

    /** A passkey's name, stripped: 1 to {@link #NAME_MAX} characters (a problem on "name" otherwise). */
    public static String checkName(String name, Problems problems) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > NAME_MAX) {
            problems.add("name", "passkeys.name_invalid", NAME_MAX);
        }
        return clean;
    }

    // ---- managing ----------------------------------------------------------------------

    /** Renames a passkey of the owner's (by the owner only); audited. */
    public Optional<Problems> rename(Actor owner, long id, String name) {
        var problems = new Problems();
        String cleanName = checkName(name, problems);
        if (!problems.isEmpty()) {
            return Optional.of(problems);
        }
        User user = owner.user();
        boolean renamed = dsl.transactionResult(tx -> {
            var passkeys = new PasskeyDao(tx.dsl());
            var before = passkeys.find(user.id(), id);
            if (before.isEmpty() || !passkeys.rename(user.id(), id, cleanName)) {
                return false;
            }
            audit.record(tx.dsl(), owner.audit(), "passkey.renamed", user.id(), user.username(), before.get().name() + " → " + cleanName);
            return true;
        });
        if (!renamed) {
            problems.add("name", "passkeys.not_found");
            return Optional.of(problems);
        }
        return Optional.empty();
    }

    /**
     * Removes a passkey: the owner's own, or anyone's within an admin's reach (a lost
     * device). The last passkey stays when it is the only way to sign in (no password) or
     * the second factor the role requires (no app code). Audited; the owner is told by mail.
     */
    public Change remove(Actor actor, User owner, long id, String language) {
        if (!actor.is(owner) && !permissions.canManage(actor, owner)) {
            return new Change.NotFound();
        }
        boolean needed = !owner.hasPassword() || twoFactor.required(owner) && !owner.totp();
        return dsl.transactionResult(tx -> {
            var passkeys = new PasskeyDao(tx.dsl());
            var passkey = passkeys.find(owner.id(), id);
            if (passkey.isEmpty()) {
                return new Change.NotFound();
            }
            if (needed && passkeys.countOf(owner.id()) <= 1) {
                return new Change.LastMethod();
            }
            passkeys.delete(owner.id(), id);
            audit.record(tx.dsl(), actor.audit(), "passkey.removed", owner.id(), owner.username(), passkey.get().name());
            mail.enqueue(tx.dsl(), mails.passkeyRemoved(Recipients.of(owner, language), passkey.get().name(), clock.instant(),
                    actor.is(owner) ? new Passwords.Notice(actor.ip(), language).origin() : Passwords.origin(actor)));
            return new Change.Done();
        });
    }

    // ---- helpers -------------------------------------------------------------------------

    private ServerProperty serverProperty(byte[] challenge) {
        return ServerProperty.builder().origin(new Origin(relyingParty.origin())).rpId(relyingParty.id())
                .challenge(new DefaultChallenge(challenge)).build();
    }

    /** The user handle passkeys keep: the random subject apps know the person by, never the username or e-mail. */
    private static String userHandle(User user) {
        return B64.encodeToString(userHandleBytes(user));
    }

    private static byte[] userHandleBytes(User user) {
        return user.subject().getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Object> descriptor(PasskeyDao.Stored passkey) {
        var descriptor = new LinkedHashMap<String, Object>();
        descriptor.put("type", "public-key");
        descriptor.put("id", passkey.credentialId());
        if (!passkey.transports().isEmpty()) {
            descriptor.put("transports", List.of(passkey.transports().split(" ")));
        }
        return descriptor;
    }

    private static Set<AuthenticatorTransport> transportsOf(PasskeyDao.Stored passkey) {
        Set<AuthenticatorTransport> transports = new LinkedHashSet<>();
        if (!passkey.transports().isEmpty()) {
            for (String t : passkey.transports().split(" ")) {
                transports.add(AuthenticatorTransport.create(t));
            }
        }
        return transports;
    }

    private static Passkey shown(PasskeyDao.Stored stored) {
        return new Passkey(stored.id(), stored.name(), stored.createdAt(), stored.lastUsedAt());
    }
}
