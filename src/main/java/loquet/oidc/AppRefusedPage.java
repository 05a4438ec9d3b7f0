package loquet.oidc;

import loquet.web.Page;

/** The record behind {@code oidc/refused.jte}: the person's account may not use this app. */
public record AppRefusedPage(String appName) implements Page {

    @Override
    public String template() {
        return "oidc/refused.jte";
    }
}
