package loquet.auth;

/**
 * The record behind {@code auth/secondStep.jte}.
 *
 * @param error a translated message about the code, or null
 */
public record SecondStepPage(String next, String error) {
}
