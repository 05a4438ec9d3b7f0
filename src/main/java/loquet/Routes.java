package loquet;

import static loquet.web.Access.PUBLIC;
import static loquet.web.Access.SIGNED_IN;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpStatus;
import loquet.account.ProfileController;
import loquet.auth.SignInController;
import loquet.web.AccessControl;

/** Every route of the app with who may use it: the table of contents. */
final class Routes {

    private final SignInController signIn;
    private final ProfileController profile;
    private final Runnable healthCheck;

    Routes(SignInController signIn, ProfileController profile, Runnable healthCheck) {
        this.signIn = signIn;
        this.profile = profile;
        this.healthCheck = healthCheck;
    }

    void register(RoutesConfig routes) {
        routes.get("/", ctx -> ctx.redirect(AccessControl.current(ctx).isPresent() ? "/profile" : "/login", HttpStatus.SEE_OTHER), PUBLIC);
        routes.get("/healthz", ctx -> {
            healthCheck.run();
            ctx.contentType("text/plain").result("ok");
        }, PUBLIC);

        routes.get("/login", signIn::showForm, PUBLIC);
        routes.post("/login", signIn::signIn, PUBLIC);
        routes.post("/logout", signIn::signOut, SIGNED_IN);

        routes.get("/profile", profile::show, SIGNED_IN);
    }
}
