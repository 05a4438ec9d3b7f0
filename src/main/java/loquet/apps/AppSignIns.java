package loquet.apps;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import loquet.audit.AuditLog;
import loquet.security.Tokens;
import loquet.user.SignInAttemptDao;
import loquet.user.User;
import loquet.user.UserDao;
import org.jooq.DSLContext;

/**
 * Apps signing people in through Loquet (OpenID Connect's authorization code flow): the
 * codes and tokens (who may use which app, and consent: {@link AppGrants}). Every code and token is 256 random bits
 * kept only as a hash. A code is used once, within a minute, by the app it was issued to,
 * with the redirect URI and the PKCE verifier it was bound to; a code or a refresh token
 * shown a second time ends every token it led to (RFC 9700 §4.5.3, §4.14.2).
 */
public final class AppSignIns {

    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    static final Duration ACCESS_LIFETIME = Duration.ofMinutes(10);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(30);
    /** However often an app refreshes, its access ends this long after the person last signed in to Loquet (ASVS 10.4.8). */
    static final Duration REFRESH_AT_MOST = Duration.ofDays(90);
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    /** An authorization request once checked: the app, where the code goes, and what it is bound to. */
    public record Request(Apps.App app, String redirectUri, Set<String> scopes, String nonce, String codeChallenge) {
    }

    public sealed interface TokenResult {
        /** @param refreshToken null without offline_access */
        record Issued(String accessToken, String refreshToken, String idToken, long expiresIn, String scope) implements TokenResult {
        }

        /** An OAuth error code (RFC 6749 §5.2) and a description for the app's developer. */
        record Refused(String error, String description) implements TokenResult {
        }
    }

    /** A valid access token: whose, for which app, with which scopes. */
    public record Access(User user, Apps.App app, Set<String> scopes, long expiresAt, long issuedAt) {
    }

    private final DSLContext dsl;
    private final Apps apps;
    private final IdTokens idTokens;
    private final AuditLog audit;
    private final Clock clock;

    public AppSignIns(DSLContext dsl, Apps apps, IdTokens idTokens, AuditLog audit, Clock clock) {
        this.dsl = dsl;
        this.apps = apps;
        this.idTokens = idTokens;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A code for the app: the person's consent recorded (the scopes asked, added to those
     * allowed before), the sign-in in their history and the audit log.
     *
     * @param agreedNow the person just agreed on the consent page (audited as such)
     */
    public String issueCode(Request request, User user, IdTokens.Authentication authentication, boolean agreedNow, String ip,
                            String userAgent) {
        String code = Tokens.newToken();
        long now = clock.millis();
        var app = request.app();
        dsl.transaction(tx -> {
            var grants = new AppGrantDao(tx.dsl());
            var granted = grants.scopeOf(user.id(), app.id()).map(Scopes::parse).orElse(Set.of());
            var all = new java.util.LinkedHashSet<>(granted);
            all.addAll(request.scopes());
            grants.save(user.id(), app.id(), Scopes.format(all), now);
            new AppCodeDao(tx.dsl()).insert(Tokens.hash(code), new AppCodeDao.Code(app.id(), user.id(), request.redirectUri(),
                    Scopes.format(request.scopes()), request.nonce(), request.codeChallenge(), authentication.authTime(),
                    authentication.amr(), Tokens.newToken(), now + CODE_LIFETIME.toMillis()), now);
            new SignInAttemptDao(tx.dsl()).insertAppSignIn(user.id(), app.name(), ip, userAgent, now);
            var actor = new AuditLog.Actor(user.id(), user.username(), ip);
            if (agreedNow) {
                audit.record(tx.dsl(), actor, "app.consent", app.id(), app.name(), "allowed " + Scopes.format(request.scopes()));
            }
            audit.record(tx.dsl(), actor, "app.sign_in", app.id(), app.name(), "scope " + Scopes.format(request.scopes()));
        });
        return code;
    }

    public TokenResult exchangeCode(Apps.App app, String code, String redirectUri, String verifier, String ip) {
        if (code == null || code.isEmpty()) {
            return refused("invalid_request", "code is required");
        }
        String hash = Tokens.hash(code);
        var found = new AppCodeDao(dsl).find(hash);
        if (found.isEmpty() || found.get().appId() != app.id()) {
            return refused("invalid_grant", "unknown code");
        }
        var stored = found.get();
        // Used and replaced in one transaction: a second use at the same moment waits for it, then ends what it gave.
        Step step = dsl.transactionResult(tx -> {
            if (!new AppCodeDao(tx.dsl()).markUsed(hash)) {
                return new Step.Reused(stored.family(), "app.code_reused");
            }
            if (stored.expiresAt() < clock.millis()) {
                return new Step.Stop(refused("invalid_grant", "code expired"));
            }
            if (!stored.redirectUri().equals(redirectUri)) {
                return new Step.Stop(refused("invalid_grant", "redirect_uri differs from the authorization request"));
            }
            if (stored.codeChallenge() == null ? verifier != null : !verifierMatches(verifier, stored.codeChallenge())) {
                return new Step.Stop(refused("invalid_grant",
                        stored.codeChallenge() == null ? "code_verifier without code_challenge" : "PKCE verification failed"));
            }
            var user = usable(tx.dsl(), app, stored.userId());
            if (user.isEmpty()) {
                return new Step.Stop(refused("invalid_grant", "the account cannot use this app"));
            }
            return store(tx.dsl(), app, user.get(), Scopes.parse(stored.scope()),
                    new IdTokens.Authentication(stored.authTime(), stored.amr()), stored.nonce(), stored.family());
        });
        return finish(app, step, ip);
    }

    /** A new access token and the next refresh token of the family; a refresh token used before ends the family. */
    public TokenResult refresh(Apps.App app, String refreshToken, String scope, String ip) {
        if (refreshToken == null || refreshToken.isEmpty()) {
            return refused("invalid_request", "refresh_token is required");
        }
        String hash = Tokens.hash(refreshToken);
        var found = new AppTokenDao(dsl).find(hash).filter(t -> t.kind() == AppTokenDao.Kind.REFRESH && t.appId() == app.id());
        if (found.isEmpty()) {
            return refused("invalid_grant", "unknown refresh token");
        }
        var stored = found.get();
        Step step = dsl.transactionResult(tx -> {
            var tokens = new AppTokenDao(tx.dsl());
            if (stored.usedAt() != null || !tokens.markUsed(hash, clock.millis())) {
                return new Step.Reused(stored.family(), "app.refresh_reused");
            }
            if (stored.expiresAt() < clock.millis()) {
                return new Step.Stop(refused("invalid_grant", "refresh token expired"));
            }
            var user = usable(tx.dsl(), app, stored.userId());
            if (user.isEmpty()) {
                tokens.deleteFamily(stored.family());
                return new Step.Stop(refused("invalid_grant", "the account cannot use this app"));
            }
            Set<String> granted = Scopes.parse(stored.scope());
            Set<String> asked = scope == null || scope.isBlank() ? granted : Scopes.parse(scope);
            if (!granted.containsAll(asked)) {
                return new Step.Stop(refused("invalid_scope", "a refresh cannot widen the scope"));
            }
            return store(tx.dsl(), app, user.get(), asked, new IdTokens.Authentication(stored.authTime(), stored.amr()), null,
                    stored.family());
        });
        return finish(app, step, ip);
    }

    /** Where a code or refresh token got to in its transaction. */
    private sealed interface Step {
        /** Shown a second time: the family it belongs to ends. */
        record Reused(String family, String auditAction) implements Step {
        }

        record Stop(TokenResult refusal) implements Step {
        }

        /** Tokens stored (not yet with the ID token, signed after the commit). */
        record Stored(User user, Set<String> scopes, IdTokens.Authentication authentication, String nonce, String access,
                      String refresh) implements Step {
        }
    }

    private TokenResult finish(Apps.App app, Step step, String ip) {
        if (step instanceof Step.Reused reused) {
            int ended = new AppTokenDao(dsl).deleteFamily(reused.family());
            audit.record(appActor(app, ip), reused.auditAction(), app.id(), app.name(), ended + " tokens revoked");
            return refused("invalid_grant", reused.auditAction().equals("app.code_reused") ? "code already used" : "refresh token already used");
        }
        if (step instanceof Step.Stop stop) {
            return stop.refusal();
        }
        var stored = (Step.Stored) step;
        String idToken = stored.scopes().contains(Scopes.OPENID)
                ? idTokens.issue(stored.user(), app.clientId(), stored.scopes(), stored.authentication(), stored.nonce(), stored.access())
                : null;
        return new TokenResult.Issued(stored.access(), stored.refresh(), idToken, ACCESS_LIFETIME.toSeconds(), Scopes.format(stored.scopes()));
    }

    /** RFC 7009: ends one of the app's tokens (a refresh token with its whole family); unknown tokens are no error. */
    public void revoke(Apps.App app, String token, String ip) {
        if (token == null || token.isEmpty()) {
            return;
        }
        var tokens = new AppTokenDao(dsl);
        String hash = Tokens.hash(token);
        tokens.find(hash).filter(t -> t.appId() == app.id()).ifPresent(t -> {
            if (t.kind() == AppTokenDao.Kind.REFRESH) {
                tokens.deleteFamily(t.family());
            } else {
                tokens.delete(hash);
            }
            audit.record(appActor(app, ip), "app.token_revoked", app.id(), app.name(), t.kind().column() + " token, by the app");
        });
    }

    /** A valid access token's person, app and scopes; empty when it is unknown, expired, or its person may no longer use the app. */
    public Optional<Access> access(String accessToken) {
        return token(accessToken, AppTokenDao.Kind.ACCESS);
    }

    /** RFC 7662 for the app that holds the token: only its own tokens are ever active to it. */
    public Optional<Access> introspect(Apps.App app, String token) {
        return token(token, AppTokenDao.Kind.ACCESS).or(() -> token(token, AppTokenDao.Kind.REFRESH))
                .filter(access -> access.app().id() == app.id());
    }

    /** Housekeeping: codes and tokens past their time. */
    public void forgetExpired() {
        long now = clock.millis();
        new AppCodeDao(dsl).deleteExpired(now);
        new AppTokenDao(dsl).deleteExpired(now);
    }

    private Optional<Access> token(String value, AppTokenDao.Kind kind) {
        if (value == null || value.isEmpty() || value.length() > 200) {
            return Optional.empty();
        }
        long now = clock.millis();
        return new AppTokenDao(dsl).find(Tokens.hash(value))
                .filter(t -> t.kind() == kind && t.expiresAt() > now && t.usedAt() == null)
                .flatMap(t -> apps.find(t.appId()).flatMap(app -> usable(app, t.userId())
                        .map(user -> new Access(user, app, Scopes.parse(t.scope()), t.expiresAt(), t.createdAt()))));
    }

    private Step store(DSLContext tx, Apps.App app, User user, Set<String> scopes, IdTokens.Authentication authentication, String nonce,
                       String family) {
        long now = clock.millis();
        String access = Tokens.newToken();
        String refresh = scopes.contains(Scopes.OFFLINE_ACCESS) ? Tokens.newToken() : null;
        String scope = Scopes.format(scopes);
        var tokens = new AppTokenDao(tx);
        tokens.insert(Tokens.hash(access), new AppTokenDao.Token(AppTokenDao.Kind.ACCESS, family, app.id(), user.id(), scope,
                authentication.authTime(), authentication.amr(), now, now + ACCESS_LIFETIME.toMillis(), null));
        if (refresh != null) {
            long expiresAt = Math.min(now + REFRESH_LIFETIME.toMillis(), authentication.authTime() + REFRESH_AT_MOST.toMillis());
            tokens.insert(Tokens.hash(refresh), new AppTokenDao.Token(AppTokenDao.Kind.REFRESH, family, app.id(), user.id(), scope,
                    authentication.authTime(), authentication.amr(), now, expiresAt, null));
        }
        new AppGrantDao(tx).touch(user.id(), app.id(), now);
        return new Step.Stored(user, scopes, authentication, nonce, access, refresh);
    }

    /** The account, when it is still active and still allowed on the app (a role or team may have changed since). */
    private Optional<User> usable(Apps.App app, long userId) {
        return usable(dsl, app, userId);
    }

    private static Optional<User> usable(DSLContext db, Apps.App app, long userId) {
        return new UserDao(db).findById(userId).filter(User::active).filter(user -> AppGrants.allows(app, user));
    }

    private static boolean verifierMatches(String verifier, String challenge) {
        if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(verifier)).getValue();
        return Tokens.sameText(computed, challenge);
    }

    private static AuditLog.Actor appActor(Apps.App app, String ip) {
        return new AuditLog.Actor(null, "app " + app.name(), ip);
    }

    private static TokenResult refused(String error, String description) {
        return new TokenResult.Refused(error, description);
    }
}
