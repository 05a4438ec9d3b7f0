package loquet.user;

import loquet.audit.AuditLog;

/**
 * Who does something to an account: a signed-in user on a page, a key's owner through
 * the API, or the operator at the command line (who may do everything). Every use case
 * takes one, checks what it may do, and names it in the audit log.
 *
 * @param user the account acting, or null for the operator
 * @param name how the audit log names it, e.g. "ada (API key: sync)"
 * @param ip where the request came from ("" for the command line)
 */
public record Actor(User user, String name, String ip) {

    public static Actor of(User user, String ip) {
        return new Actor(user, user.username(), ip);
    }

    public static Actor viaKey(User owner, String keyName, String ip) {
        return new Actor(owner, owner.username() + " (API key: " + keyName + ")", ip);
    }

    public static Actor operator() {
        return new Actor(null, "(command line)", "");
    }

    public boolean isOperator() {
        return user == null;
    }

    /** Whether this actor is that account. */
    public boolean is(User account) {
        return user != null && user.id() == account.id();
    }

    public AuditLog.Actor audit() {
        return new AuditLog.Actor(user == null ? null : user.id(), name, ip);
    }
}
