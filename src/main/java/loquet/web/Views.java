package loquet.web;

import gg.jte.TemplateEngine;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import loquet.i18n.Languages;
import loquet.i18n.Messages;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.User;

/** Renders the precompiled JTE templates with the page's record and the shared {@link Shell}. */
public final class Views {

    private final TemplateEngine engine;
    private final Languages languages;
    private final Csrf csrf;
    private final Flash flash;
    private final Permissions permissions;

    public Views(TemplateEngine engine, Languages languages, Csrf csrf, Flash flash, Permissions permissions) {
        this.engine = engine;
        this.languages = languages;
        this.csrf = csrf;
        this.flash = flash;
        this.permissions = permissions;
    }

    /** The reader's language: their profile's, else the language switch's, else the browser's. */
    public Messages messages(Context ctx) {
        var current = AccessControl.current(ctx);
        String preferred = current.map(c -> c.user().language()).orElse(null);
        if (!Languages.isSupported(preferred)) {
            preferred = LanguageSwitch.chosen(ctx)
                    .or(() -> Languages.fromAcceptLanguage(ctx.header("Accept-Language")))
                    .orElse(Languages.DEFAULT);
        }
        return languages.messages(preferred);
    }

    public Shell shell(Context ctx) {
        Optional<Sessions.Current> current = AccessControl.current(ctx);
        Messages messages = messages(ctx);
        User user = current.filter(Sessions.Current::full).map(Sessions.Current::user).orElse(null);
        return new Shell(
                messages,
                csrf.token(ctx, current),
                user,
                user == null ? Set.of() : Set.copyOf(permissions.of(user)),
                current.isPresent(),
                flash.take(ctx, messages),
                current.map(c -> c.user().theme()).orElse("system"),
                ctx.path(),
                ctx.queryParamMap());
    }

    /** The page's own template, filled with its record and the shell. */
    public void render(Context ctx, Page page) {
        render(ctx, page, 200);
    }

    public void render(Context ctx, Page page, int status) {
        // UTF-8 bytes throughout: the templates' static text was encoded at build time.
        var output = new PageBytes();
        engine.render(page.template(), Map.of("shell", shell(ctx), "page", page), output);
        ctx.status(status).contentType("text/html; charset=utf-8").result(output.stream());
    }
}
