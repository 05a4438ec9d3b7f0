package loquet.oidc;

import loquet.apps.AppGrants;
import loquet.apps.AppSignIns;
import loquet.apps.Apps;
import loquet.apps.Claims;
import loquet.apps.IdTokens;
import loquet.apps.SigningKeys;
import loquet.security.RateLimit;
import loquet.web.Web;

/** The OpenID Connect provider's controllers, built once: what the routes under /oauth2 and /.well-known map. */
public record Provider(DiscoveryController discovery, AuthorizeController authorize, TokenController token, UserInfoController userInfo,
                       LogoutController logout) {

    /** @param issuer LOQUET_BASE_URL: what apps are told to expect in every token */
    public static Provider build(String issuer, Apps apps, AppGrants grants, AppSignIns signIns, Claims claims, IdTokens idTokens,
                                 SigningKeys keys, RateLimit rateLimit, Web web, java.time.Clock clock) {
        return new Provider(
                new DiscoveryController(issuer, keys),
                new AuthorizeController(apps, grants, signIns, issuer, web.client(), web.views(), clock),
                new TokenController(apps, signIns, rateLimit, issuer, web.client()),
                new UserInfoController(apps, signIns, claims),
                new LogoutController(apps, idTokens, web.sessions(), web.csrf(), web.flash(), web.views()));
    }
}
