package loquet.user;

import static loquet.db.schema.Tables.ROLES;

import java.util.List;
import org.jooq.DSLContext;

public final class RoleDao {

    public record Role(long id, String name, boolean builtin, boolean requireTwoFactor) {
    }

    private final DSLContext dsl;

    public RoleDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<Role> list() {
        return dsl.select(ROLES.ID, ROLES.NAME, ROLES.BUILTIN, ROLES.REQUIRE_2FA)
                .from(ROLES).orderBy(ROLES.ID)
                .fetch(r -> new Role(r.value1(), r.value2(), r.value3() == 1, r.value4() == 1));
    }

    public boolean setRequireTwoFactor(long roleId, boolean required) {
        return dsl.update(ROLES).set(ROLES.REQUIRE_2FA, required ? 1 : 0).where(ROLES.ID.eq(roleId)).execute() == 1;
    }
}
