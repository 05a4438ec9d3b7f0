package loquet.web;

import io.javalin.http.Context;
import loquet.db.Database;

/** GET /healthz: "ok" when the database answers (a failure is a 500 like any other). */
public final class HealthController {

    private final Database database;

    public HealthController(Database database) {
        this.database = database;
    }

    public void check(Context ctx) {
        database.dsl().selectOne().fetch();
        ctx.contentType("text/plain").result("ok");
    }
}
