package loquet.oidc;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import loquet.apps.Scopes;
import loquet.apps.SigningKeys;

/** GET /.well-known/openid-configuration and GET /oauth2/jwks: what an app reads to set itself up, and the keys to check tokens with. */
public final class DiscoveryController {

    private final String issuer;
    private final SigningKeys keys;

    public DiscoveryController(String issuer, SigningKeys keys) {
        this.issuer = issuer;
        this.keys = keys;
    }

    public void metadata(Context ctx) {
        Cors.anyone(ctx);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", issuer);
        m.put("authorization_endpoint", issuer + "/oauth2/authorize");
        m.put("token_endpoint", issuer + "/oauth2/token");
        m.put("userinfo_endpoint", issuer + "/oauth2/userinfo");
        m.put("jwks_uri", issuer + "/oauth2/jwks");
        m.put("revocation_endpoint", issuer + "/oauth2/revoke");
        m.put("introspection_endpoint", issuer + "/oauth2/introspect");
        m.put("end_session_endpoint", issuer + "/oauth2/logout");
        m.put("scopes_supported", Scopes.SUPPORTED);
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        m.put("revocation_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        m.put("introspection_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        m.put("code_challenge_methods_supported", List.of("S256"));
        m.put("prompt_values_supported", List.of("none", "login", "consent", "select_account"));
        m.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr", "azp", "at_hash",
                "preferred_username", "name", "given_name", "family_name", "email", "email_verified", "locale", "zoneinfo", "picture",
                "groups", "updated_at"));
        m.put("claims_parameter_supported", false);
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
        m.put("authorization_response_iss_parameter_supported", true);
        ctx.header("Cache-Control", "public, max-age=300");
        ctx.json(m);
    }

    public void keys(Context ctx) {
        Cors.anyone(ctx);
        // Short enough that a new key is fetched before it signs (see SigningKeys).
        ctx.header("Cache-Control", "public, max-age=60");
        ctx.contentType("application/json").result(keys.publicSet().toString());
    }
}
