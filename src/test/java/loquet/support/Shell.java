package loquet.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import loquet.cli.LoquetCommand;

/**
 * The command line as an operator runs it, in this JVM with its standard streams swapped
 * (callers are @Isolated), beside a test app: the same data folder and database.
 */
public final class Shell {

    public record Run(int exitCode, String out, String err) {
        /** A refusal: a non-zero exit and one line on standard error; returns the line. */
        public String refusal() {
            if (exitCode != 1 || err.strip().contains("\n") || !err.strip().startsWith("loquet: ")) {
                throw new AssertionError("expected one line and exit 1, got exit " + exitCode + ":\n" + out + err);
            }
            return err.strip();
        }
    }

    private Shell() {
    }

    public static Run run(TestApp beside, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("LOQUET_DATA", beside.dataDir.toString()));
        env.putAll(beside.databaseSettings());
        return run(env, stdin, args);
    }

    /** With these settings alone (and a quick bcrypt). */
    public static Run run(Map<String, String> settings, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(settings);
        env.putIfAbsent("LOQUET_BCRYPT_COST", "4");
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = LoquetCommand.run(args, env, Optional.empty(), loquet.App::serve);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }
}
