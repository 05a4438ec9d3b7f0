package loquet.account;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import loquet.i18n.Message;
import loquet.user.AvatarDao;
import loquet.user.Permissions;
import loquet.user.User;
import loquet.user.UserDao;
import loquet.web.AccessControl;
import loquet.web.FieldErrors;
import loquet.web.Flash;
import loquet.web.PathIds;
import loquet.web.Views;

/** POST /profile/avatar (multipart {@code avatar}), POST /profile/avatar/delete, GET /avatars/{id}. */
public final class AvatarController {

    private final AvatarDao avatars;
    private final UserDao users;
    private final Permissions permissions;
    private final ProfileController profile;
    private final Flash flash;
    private final Views views;
    private final Clock clock;
    // Two decodes at once hold a few tens of megabytes at worst; an upload waits a moment for a turn.
    private final AvatarImages images = new AvatarImages(2, Duration.ofSeconds(3));

    public AvatarController(AvatarDao avatars, UserDao users, Permissions permissions, ProfileController profile, Flash flash,
                            Views views, Clock clock) {
        this.avatars = avatars;
        this.users = users;
        this.permissions = permissions;
        this.profile = profile;
        this.flash = flash;
        this.views = views;
        this.clock = clock;
    }

    public void upload(Context ctx) {
        var current = AccessControl.signedIn(ctx);
        UploadedFile file = ctx.uploadedFile("avatar");
        Message problem;
        int status = 422;
        if (file == null || file.size() == 0) {
            problem = Message.of("avatar.missing");
        } else if (file.size() > AvatarImages.MAX_BYTES) {
            problem = tooLarge();
        } else {
            var result = images.thumbnail(read(file));
            if (result instanceof AvatarImages.Result.Thumbnail thumbnail) {
                avatars.save(current.user().id(), thumbnail.contentType(), thumbnail.image(), clock.millis());
                flash.set(ctx, "flash.avatar_saved");
                ctx.redirect("/profile", HttpStatus.SEE_OTHER);
                return;
            } else if (result instanceof AvatarImages.Result.TooLarge) {
                problem = tooLarge();
            } else if (result instanceof AvatarImages.Result.TooManyPixels) {
                problem = Message.of("avatar.too_many_pixels", AvatarImages.MAX_MEGAPIXELS, AvatarImages.MAX_SIDE);
            } else if (result instanceof AvatarImages.Result.TooDeep) {
                problem = Message.of("avatar.too_deep");
            } else if (result instanceof AvatarImages.Result.Busy) {
                problem = Message.of("avatar.busy");
                status = 503;
            } else {
                problem = Message.of("avatar.not_an_image");
            }
        }
        var messages = views.messages(ctx);
        profile.render(ctx, current, ProfileForm.of(current.user(), messages.language()), FieldErrors.NONE,
                messages.get(problem), status);
    }

    private static Message tooLarge() {
        return Message.of("avatar.too_large", AvatarImages.MAX_BYTES / (1024 * 1024));
    }

    public void remove(Context ctx) {
        avatars.delete(AccessControl.signedIn(ctx).user().id());
        flash.set(ctx, "flash.avatar_removed");
        ctx.redirect("/profile", HttpStatus.SEE_OTHER);
    }

    /** The picture, or the initials; the URL changes with the picture, so browsers may keep it long. */
    public void serve(Context ctx) {
        long id = PathIds.of(ctx);
        User reader = AccessControl.signedIn(ctx).user();
        // One's own picture, or those of the people one manages (the user list shows them); no one else's.
        User user = users.findById(id).filter(target -> target.id() == reader.id() || permissions.canManage(reader, target))
                .orElseThrow(NotFoundResponse::new);
        var avatar = avatars.find(id);
        ctx.header("Cache-Control", "private, max-age=31536000, immutable");
        if (avatar.isPresent()) {
            ctx.contentType(avatar.get().contentType()).result(avatar.get().image());
        } else {
            ctx.contentType("image/svg+xml").result(DefaultAvatar.svg(user));
        }
    }

    /**
     * GET /avatars/by-subject/{subject}: the picture an app was told about (the "picture"
     * claim, under the profile scope the person agreed to). Apps and the browsers showing
     * them have no Loquet session, so the unguessable subject is what opens it; an account
     * without a picture, or deactivated, has none here.
     */
    public void serveToApps(Context ctx) {
        var avatar = users.findBySubject(ctx.pathParam("subject")).filter(User::active).flatMap(user -> avatars.find(user.id()))
                .orElseThrow(NotFoundResponse::new);
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.contentType(avatar.contentType()).result(avatar.image());
    }

    private static byte[] read(UploadedFile file) {
        try (InputStream in = file.content()) {
            return in.readNBytes((int) AvatarImages.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
