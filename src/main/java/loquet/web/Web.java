package loquet.web;

import gg.jte.TemplateEngine;
import java.time.Clock;
import loquet.config.Config;
import loquet.i18n.Languages;
import loquet.security.ServerKey;
import loquet.user.Permissions;
import loquet.user.SessionDao;
import loquet.user.UserDao;

/** The shared web mechanics, built once: cookies, sessions, CSRF, flash messages, views and the access check. */
public record Web(Cookies cookies, ClientInfo client, Sessions sessions, Csrf csrf, Flash flash, Views views, AccessControl access,
                  LanguageSwitch languageSwitch, ErrorPages errorPages) {

    public static Web build(Config config, TemplateEngine templates, ServerKey serverKey, Languages languages, Permissions permissions, SessionDao sessionDao,
                            UserDao users, Clock clock) {
        var client = new ClientInfo(config.trustedProxies());
        var cookies = new Cookies(config.secureCookies(), config.cookieDomain(), client);
        var sessions = new Sessions(sessionDao, users, cookies, client, config.sessionIdle(), config.sessionAbsolute(), clock);
        var csrf = new Csrf(serverKey, cookies);
        var flash = new Flash(cookies);
        var views = new Views(templates, languages, csrf, flash, permissions);
        return new Web(cookies, client, sessions, csrf, flash, views, new AccessControl(sessions, csrf, permissions),
                new LanguageSwitch(cookies), new ErrorPages(views));
    }
}
