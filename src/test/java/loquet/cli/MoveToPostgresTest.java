package loquet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import loquet.support.Shell;
import loquet.support.TestApp;
import loquet.support.TestPostgres;
import loquet.user.Roles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The README's way from SQLite to PostgreSQL: backup the SQLite installation, restore the archive with LOQUET_DB_URL set. */
@Isolated
class MoveToPostgresTest {

    @Test
    void aSqliteInstallationMovesToPostgresWithBackupAndRestore(@TempDir Path folder) {
        assumeTrue(TestPostgres.enabled(), "needs the PostgreSQL server of the suite's PostgreSQL run");
        Path archive = folder.resolve("move.zip");
        try (var sqlite = TestApp.start(Map.of("LOQUET_DB_URL", ""))) {
            sqlite.createUser("mover", Roles.ADMIN, TestApp.PASSWORD);
            sqlite.createUser("Second", Roles.USER, TestApp.PASSWORD);
            var backup = Shell.run(Map.of("LOQUET_DATA", sqlite.dataDir.toString(), "LOQUET_DB_URL", ""), "", "backup", archive.toString());
            assertThat(backup.exitCode()).as(backup.err()).isZero();
        }
        String url = TestPostgres.newDatabase();
        Path data = folder.resolve("data");
        try {
            var restore = Shell.run(Map.of("LOQUET_DATA", data.toString(), "LOQUET_DB_URL", url), "", "restore", archive.toString());
            assertThat(restore.exitCode()).as(restore.err()).isZero();
            assertThat(restore.out()).contains("Restored 2 accounts");
            try (var postgres = TestApp.start(Map.of("LOQUET_DB_URL", url, "LOQUET_DATA", data.toString()))) {
                assertThat(postgres.app().database().isPostgres()).isTrue();
                assertThat(postgres.client().from("10.15.0.1").signIn("MOVER", TestApp.PASSWORD).location()).isEqualTo("/profile");
                assertThat(postgres.client().from("10.15.0.2").signIn("second@EXAMPLE.com", TestApp.PASSWORD).location())
                        .as("case-insensitive logins, as on SQLite").isEqualTo("/profile");
                assertThat(postgres.createUser("after-the-move").id()).as("new ids go on after the restored ones").isGreaterThan(2);

                // And a backup of PostgreSQL comes back the same way, into another database.
                Path again = folder.resolve("again.zip");
                var backupAgain = Shell.run(Map.of("LOQUET_DATA", data.toString(), "LOQUET_DB_URL", url), "", "backup", again.toString());
                assertThat(backupAgain.exitCode()).as(backupAgain.err()).isZero();
                String other = TestPostgres.newDatabase();
                try {
                    var restoreAgain = Shell.run(Map.of("LOQUET_DATA", folder.resolve("data2").toString(), "LOQUET_DB_URL", other), "",
                            "restore", again.toString());
                    assertThat(restoreAgain.out()).as(restoreAgain.err()).contains("Restored 3 accounts");
                    var refused = Shell.run(Map.of("LOQUET_DATA", folder.resolve("data2").toString(), "LOQUET_DB_URL", other), "",
                            "restore", again.toString());
                    assertThat(refused.err().strip()).isEqualTo("loquet: the database already holds 3 accounts; restore with --force to replace them");
                } finally {
                    TestPostgres.drop(other);
                }
            }
        } finally {
            TestPostgres.drop(url);
        }
    }
}
