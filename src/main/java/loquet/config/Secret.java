package loquet.config;

/** A configuration value that must never reach a log line or an error message. */
public record Secret(String value) {
    @Override
    public String toString() {
        return "***";
    }
}
