package loquet.web;

/**
 * The record behind one template: it names its own template, so {@link Views#render(io.javalin.http.Context, Page)}
 * cannot pair a record with another page's template.
 */
public interface Page {

    /** The template this record fills, e.g. "auth/login.jte". */
    String template();
}
