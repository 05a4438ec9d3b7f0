package loquet.web;

import io.javalin.http.Context;
import loquet.db.Database;

/** GET /healthz, for a load balancer or a monitor: 200 "ok" when the database answers with the schema this jar expects, 503 otherwise. */
public final class HealthController {

    private final Database database;

    public HealthController(Database database) {
        this.database = database;
    }

    public void check(Context ctx) {
        boolean healthy = database.healthy();
        ctx.status(healthy ? 200 : 503).contentType("text/plain").result(healthy ? "ok" : "unavailable");
    }
}
