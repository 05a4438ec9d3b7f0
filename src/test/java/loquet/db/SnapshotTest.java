package loquet.db;

import static loquet.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import loquet.support.TestDatabase;
import loquet.user.Roles;
import loquet.user.UserDao;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {

    @Test
    void aSnapshotKeepsItsMomentWhileTheDatabaseGoesOnChanging(@TempDir Path folder) throws Exception {
        Path scratch = Files.createDirectory(folder.resolve("scratch"));
        try (var database = Database.open(folder)) {
            var users = new UserDao(database.dsl());
            users.insert(newUser("before"), TestDatabase.NOW);
            try (var snapshot = Snapshot.of(database, scratch)) {
                users.insert(newUser("after"), TestDatabase.NOW);

                assertThat(snapshot.dsl().select(USERS.USERNAME).from(USERS).fetch(USERS.USERNAME)).containsExactly("before");
                assertThat(snapshot.kind()).isEqualTo("sqlite");
                List<Path> copies = files(scratch);
                assertThat(copies).hasSize(1);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copies.get(0)))).isEqualTo("rw-------");
            }
            assertThat(database.dsl().fetchCount(USERS)).isEqualTo(2);
        }
        assertThat(files(scratch)).as("the copy is gone once closed").isEmpty();
    }

    private static UserDao.NewUser newUser(String username) {
        return new UserDao.NewUser(username, username + "@example.com", "", "", Roles.USER, TestDatabase.SOME_HASH, null, "");
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
