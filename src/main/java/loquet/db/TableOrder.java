package loquet.db;

import static loquet.db.schema.Tables.API_KEYS;
import static loquet.db.schema.Tables.PASSKEYS;
import static loquet.db.schema.Tables.PASSKEY_CHALLENGES;
import static loquet.db.schema.Tables.APPS;
import static loquet.db.schema.Tables.APP_CODES;
import static loquet.db.schema.Tables.APP_GRANTS;
import static loquet.db.schema.Tables.APP_TOKENS;
import static loquet.db.schema.Tables.SIGNING_KEYS;
import static loquet.db.schema.Tables.AUDIT_LOG;
import static loquet.db.schema.Tables.AVATARS;
import static loquet.db.schema.Tables.MAIL_QUEUE;
import static loquet.db.schema.Tables.RECOVERY_CODES;
import static loquet.db.schema.Tables.ROLES;
import static loquet.db.schema.Tables.ROLE_PERMISSIONS;
import static loquet.db.schema.Tables.SESSIONS;
import static loquet.db.schema.Tables.SIGN_IN_ATTEMPTS;
import static loquet.db.schema.Tables.TEAMS;
import static loquet.db.schema.Tables.THROTTLE_EVENTS;
import static loquet.db.schema.Tables.USERS;
import static loquet.db.schema.Tables.USER_TOKENS;

import java.util.List;
import org.jooq.Table;

/**
 * Every table that holds Loquet's data, each after the tables its foreign keys point to:
 * a restore inserts in this order and empties in the reverse. A new migration's table
 * goes here too (TableOrderTest fails until it does). Not listed: Flyway's history and
 * the users_search index, which triggers on users rebuild.
 */
public final class TableOrder {

    public static final List<Table<?>> PARENTS_FIRST = List.of(
            ROLES,
            TEAMS,
            USERS,
            ROLE_PERMISSIONS,
            SESSIONS,
            SIGN_IN_ATTEMPTS,
            USER_TOKENS,
            AVATARS,
            RECOVERY_CODES,
            API_KEYS,
            PASSKEYS,
            PASSKEY_CHALLENGES,
            APPS,
            SIGNING_KEYS,
            APP_GRANTS,
            APP_CODES,
            APP_TOKENS,
            MAIL_QUEUE,
            THROTTLE_EVENTS,
            AUDIT_LOG);

    private TableOrder() {
    }
}
