package loquet.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password, never from the command line (where it would stay in the shell's
 * history and the process list): asked twice on a terminal, or one line of standard input.
 */
final class PasswordInput {

    private final Console console;
    private final InputStream stdin;

    PasswordInput(Console console, InputStream stdin) {
        this.console = console;
        this.stdin = stdin;
    }

    static PasswordInput fromSystem() {
        Console console = System.console();
        return new PasswordInput(isTerminal(console) ? console : null, System.in);
    }

    String read() {
        if (console != null) {
            char[] first = console.readPassword("New password: ");
            char[] second = console.readPassword("Repeat it: ");
            if (first == null || second == null) {
                throw new CommandFailed("no password given");
            }
            if (!Arrays.equals(first, second)) {
                throw new CommandFailed("the two passwords differ");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CommandFailed("no password on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new CommandFailed("cannot read standard input: " + e.getMessage());
        }
    }

    /**
     * From JDK 22 on, System.console() exists even when input is redirected; only
     * Console.isTerminal() (absent on 17) tells a real terminal.
     */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
