package loquet.db;

import static loquet.db.schema.Tables.ROLES;
import static loquet.db.schema.Tables.TEAMS;
import static loquet.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.jooq.Table;
import org.jooq.UniqueKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {

    /**
     * jOOQ reads SQLite keys by parsing the CREATE text; on syntax it does not know it logs
     * an error, keeps the build green and drops the key. This catches that.
     */
    @Test
    void theGeneratedClassesKnowEveryUniqueKey() {
        assertThat(uniqueKeyNames(USERS)).contains("uk_users_username", "uk_users_email");
        assertThat(uniqueKeyNames(ROLES)).contains("uk_roles_name");
        assertThat(uniqueKeyNames(TEAMS)).contains("uk_teams_name");
    }

    @Test
    void theDatabaseRunsWithWalAndForeignKeys(@TempDir Path folder) {
        try (var database = Database.open(folder)) {
            var dsl = database.dsl();
            assertThat(dsl.fetchValue("pragma journal_mode")).isEqualTo("wal");
            assertThat(dsl.fetchValue("pragma foreign_keys").toString()).isEqualTo("1");
            assertThat(Integer.parseInt(dsl.fetchValue("pragma busy_timeout").toString())).isGreaterThanOrEqualTo(5000);
            assertThat(dsl.fetchCount(ROLES)).isEqualTo(3);
        }
    }

    private static java.util.List<String> uniqueKeyNames(Table<?> table) {
        return table.getUniqueKeys().stream().map(UniqueKey::getName).toList();
    }
}
