package loquet.admin;

import java.util.List;
import loquet.user.TeamDao;
import loquet.web.FieldErrors;
import loquet.web.Page;

/** The record behind {@code admin/teams.jte}: the teams, and the form for a new one ({@code name} as typed). */
public record TeamsPage(List<TeamDao.Team> teams, String name, FieldErrors errors) implements Page {

    @Override
    public String template() {
        return "admin/teams.jte";
    }
}
