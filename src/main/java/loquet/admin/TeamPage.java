package loquet.admin;

import java.util.List;
import loquet.i18n.Message;
import loquet.user.TeamDao;
import loquet.user.UserSearch;
import loquet.web.Badge;
import loquet.web.FieldErrors;
import loquet.web.Option;
import loquet.web.Page;

/**
 * The record behind {@code admin/team.jte}: one team, its members the reader may manage,
 * the forms to rename it and add a member, and its deletion.
 *
 * @param name the name in the rename form (as typed, after a refusal)
 * @param managers the members of the manager role the reader may manage: they manage the team's other accounts
 * @param members the first page of the members the reader may manage, by username
 * @param reached how many members the reader may manage in all; the others are only counted
 * @param canAdd whether the reader may move accounts into the team (they edit accounts)
 * @param candidates accounts the reader may move here, for the form's suggestions
 * @param user the account typed in the add-member form
 * @param canList whether the reader may open the user list
 */
public record TeamPage(TeamDao.Team team, String name, List<UserSearch.Row> managers, List<UserSearch.Row> members, int reached, boolean canAdd,
                       List<Option> candidates, String user, boolean canList, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "admin/team.jte";
    }

    /** A member's status as a badge, the same look as in the user list. */
    public static Badge badge(UserSearch.Row member) {
        return AdminUserPage.badgeOf(member.status());
    }

    /** Members the reader may not manage: counted, never named. */
    public int unreached() {
        return Math.max(0, team.members() - reached);
    }

    /** Whether the table holds only the first page of the members. */
    public boolean moreMembers() {
        return reached > members.size();
    }

    public String listLink() {
        return "/admin/users?team=" + team.id();
    }

    /** "Delete the team Ops? Its 3 members stay, without a team.", with the wording for none and one. */
    public Message deleteQuestion() {
        return Message.of("admin.teams.delete_question", team.name(), team.members());
    }
}
