package loquet.admin;

import java.util.List;
import loquet.user.TeamDao;
import loquet.web.FieldErrors;
import loquet.web.Page;

/**
 * The record behind {@code admin/teams.jte} and {@code admin/team.jte}.
 *
 * @param editing the team of {@code admin/team.jte}, or null on the list
 */
public record TeamsPage(List<TeamDao.Team> teams, TeamDao.Team editing, String name, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return editing == null ? "admin/teams.jte" : "admin/team.jte";
    }
}
