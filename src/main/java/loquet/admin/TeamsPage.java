package loquet.admin;

import java.util.List;
import loquet.user.TeamDao;
import loquet.web.FieldErrors;

/**
 * The record behind {@code admin/teams.jte} and {@code admin/team.jte}.
 *
 * @param editing the team of {@code admin/team.jte}, or null on the list
 */
public record TeamsPage(List<TeamDao.Team> teams, TeamDao.Team editing, String name, FieldErrors errors) {
}
