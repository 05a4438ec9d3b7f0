package loquet.config;

/** Bad configuration: the message is one line meant for the operator, shown without a stack trace. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
