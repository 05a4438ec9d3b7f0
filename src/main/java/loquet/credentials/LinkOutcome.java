package loquet.credentials;

import loquet.i18n.Problems;
import loquet.user.User;

/** What came of choosing a password through an e-mailed link. */
public sealed interface LinkOutcome {

    record Done(User user) implements LinkOutcome {
    }

    /** The password is not acceptable; the account is the link's, to show the form again without a second look-up. */
    record Invalid(User user, Problems problems) implements LinkOutcome {
    }

    /** Expired, used, superseded or never issued: the page offers to ask again. */
    record Unusable() implements LinkOutcome {
    }
}
