package loquet.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This jar's version, as Maven packed it ("0.1.0-SNAPSHOT"); "dev" when run from the build's classes. */
public final class Version {

    private Version() {
    }

    public static String of() {
        try (InputStream in = Version.class.getResourceAsStream("/META-INF/maven/loquet/loquet/pom.properties")) {
            if (in == null) {
                return "dev";
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
