package loquet.cli;

/** A command could not do its work; the message is the one line the operator sees. */
final class CommandFailed extends RuntimeException {
    CommandFailed(String message) {
        super(message, null, false, false);
    }
}
