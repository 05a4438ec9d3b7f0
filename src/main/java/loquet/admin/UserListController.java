package loquet.admin;

import io.javalin.http.Context;
import loquet.user.Permission;
import loquet.user.Permissions;
import loquet.user.UserSearch;
import loquet.web.AccessControl;
import loquet.web.PageNumbers;
import loquet.web.Views;

/** GET /admin/users: {@code q}, {@code sort}, {@code page}. */
public final class UserListController {

    private final UserSearch search;
    private final Permissions permissions;
    private final Views views;

    public UserListController(UserSearch search, Permissions permissions, Views views) {
        this.search = search;
        this.permissions = permissions;
        this.views = views;
    }

    public void list(Context ctx) {
        var reader = AccessControl.signedIn(ctx).user();
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q").strip();
        if (q.length() > 200) {
            q = q.substring(0, 200);
        }
        String sort = UserSearch.Sort.of(ctx.queryParam("sort")).key();
        int page = PageNumbers.of(ctx);
        var result = search.search(reader, q, sort, page);
        views.render(ctx, new UserListPage(q, sort, page, result.rows(), result.hasNext(),
                permissions.of(reader).contains(Permission.USERS_WRITE)));
    }
}
