package loquet.admin;

import loquet.user.UserSearch;
import java.time.Clock;
import loquet.audit.AuditLog;
import loquet.mail.MailQueue;
import loquet.mail.MailQueueDao;
import loquet.user.Accounts;
import loquet.user.ApiKeys;
import loquet.user.Invitations;
import loquet.user.PasswordResets;
import loquet.user.Permissions;
import loquet.user.RoleDao;
import loquet.user.TeamDao;
import loquet.user.TwoFactor;
import loquet.user.UserDao;
import loquet.web.ClientInfo;
import loquet.web.Flash;
import loquet.web.Views;
import org.jooq.DSLContext;

/** The administration pages, built from the shared pieces the app hands over. */
public record Admin(UserListController userList, UserEditController userEdit, UserAdminController userAdmin,
                    RolesController roles, TeamsController teams, AuditController audit) {

    /** What the admin pages need from the rest of the app. */
    public record Needs(DSLContext dsl, Accounts accounts, PasswordResets resets, Invitations invitations, TwoFactor twoFactor,
                        MailQueue mail, AuditLog audit, Permissions permissions, ClientInfo client, Flash flash, Views views,
                        Clock clock) {
    }

    public static Admin create(Needs n) {
        var users = new UserDao(n.dsl());
        var roles = new RoleDao(n.dsl());
        var teams = new TeamDao(n.dsl());
        var apiKeys = new ApiKeys(n.dsl(), n.clock());
        var adminUsers = new AdminUsers(users, roles, teams, n.permissions(), n.mail(), n.client(), n.views(), apiKeys, n.clock());
        return new Admin(
                new UserListController(new UserSearch(n.dsl(), n.permissions(), n.clock()), n.permissions(), n.views()),
                new UserEditController(adminUsers, n.accounts(), n.invitations(), n.audit(), n.flash(), n.views()),
                new UserAdminController(adminUsers, n.accounts(), n.resets(), n.invitations(), n.twoFactor(), n.mail(),
                        new MailQueueDao(n.dsl()), apiKeys, n.audit(), n.flash(), n.views()),
                new RolesController(roles, n.permissions(), n.audit(), adminUsers, n.flash(), n.views(), n.clock()),
                new TeamsController(teams, n.audit(), adminUsers, n.flash(), n.views(), n.clock()),
                new AuditController(n.audit(), n.views()));
    }
}
