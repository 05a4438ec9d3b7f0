package loquet.user;

import static loquet.db.schema.Tables.AVATARS;

import java.util.Optional;
import org.jooq.DSLContext;

public final class AvatarDao {

    public record Avatar(String contentType, byte[] image, long updatedAt) {
    }

    private final DSLContext dsl;

    public AvatarDao(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Avatar> find(long userId) {
        return dsl.select(AVATARS.CONTENT_TYPE, AVATARS.IMAGE, AVATARS.UPDATED_AT)
                .from(AVATARS)
                .where(AVATARS.USER_ID.eq(userId))
                .fetchOptional(r -> new Avatar(r.value1(), r.value2(), r.value3()));
    }

    public void save(long userId, String contentType, byte[] image, long now) {
        dsl.insertInto(AVATARS)
                .set(AVATARS.USER_ID, userId)
                .set(AVATARS.CONTENT_TYPE, contentType)
                .set(AVATARS.IMAGE, image)
                .set(AVATARS.UPDATED_AT, now)
                .onConflict(AVATARS.USER_ID)
                .doUpdate()
                .set(AVATARS.CONTENT_TYPE, contentType)
                .set(AVATARS.IMAGE, image)
                .set(AVATARS.UPDATED_AT, now)
                .execute();
    }

    public void delete(long userId) {
        dsl.deleteFrom(AVATARS).where(AVATARS.USER_ID.eq(userId)).execute();
    }
}
