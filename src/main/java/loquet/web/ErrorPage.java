package loquet.web;

/** The record behind {@code error/error.jte}: a status and the keys of its title and text. */
public record ErrorPage(int status, String titleKey, String textKey) implements Page {

    @Override
    public String template() {
        return "error/error.jte";
    }
}
