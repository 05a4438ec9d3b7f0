package loquet.admin;

import io.javalin.http.Context;
import loquet.user.User;

/** The fields of the new-user and edit-user forms, as typed, to show again when something is wrong. */
public record UserForm(String username, String firstName, String lastName, String email, String signature, String role,
                       String team) {

    public static final UserForm EMPTY = new UserForm("", "", "", "", "", "", "");

    static UserForm of(User user) {
        return new UserForm(user.username(), user.firstName(), user.lastName(), user.email(), user.signature(),
                String.valueOf(user.roleId()), user.teamId() == null ? "" : String.valueOf(user.teamId()));
    }

    static UserForm from(Context ctx) {
        return new UserForm(param(ctx, "username"), param(ctx, "first_name"), param(ctx, "last_name"), param(ctx, "email"),
                param(ctx, "signature"), param(ctx, "role"), param(ctx, "team"));
    }

    static String param(Context ctx, String name) {
        String value = ctx.formParam(name);
        return value == null ? "" : value;
    }
}
