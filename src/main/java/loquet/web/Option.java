package loquet.web;

/**
 * One choice of a {@code tag/select.jte}.
 *
 * @param value what the form sends
 * @param label what the reader sees, ready to print
 * @param lang the language of the label when it is not the page's (a language's own name), or null
 */
public record Option(String value, String label, String lang) {

    public Option(String value, String label) {
        this(value, label, null);
    }
}
